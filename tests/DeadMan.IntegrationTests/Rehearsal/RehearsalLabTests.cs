using System.Text.Json;
using DeadMan.IntegrationTests.Lab;
using DeadMan.IntegrationTests.Web;
using Microsoft.Playwright;

namespace DeadMan.IntegrationTests.Rehearsal;

/// <summary>
/// examples/lab/lab as an operator uses it: up, every fault command, heal, down, each checked by deadman in the
/// lab's NOC namespace with <c>--count … --json</c>. The lab gets a prefix of this test run, so an operator's own lab
/// is never touched, and a killed run's namespaces are swept like the other tests'.
/// </summary>
public sealed class RehearsalLabTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private static readonly string[] s_systemPath = ["/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
    private static readonly string[] s_healthy = ["internet", "core-sw", "sw-1f", "ap-1f-a", "ap-1f-b"];
    private readonly string _prefix = $"dmt-{Environment.ProcessId}-lab";
    private readonly string _lab = Path.Combine(RepositoryRoot(), "examples", "lab", "lab");
    private readonly string _config = Path.Combine(RepositoryRoot(), "examples", "lab", "deadman.conf");

    [Fact]
    public async Task Should_show_each_fault_in_deadman_When_walking_the_runbook()
    {
        // Given: the lab, built twice (the second time says it is already up)
        Lab("up");
        Assert.Contains("already up", Lab("up"), StringComparison.Ordinal);

        // Then every node answers, with upstream tens of ms away and access points a few
        var normal = Watch(5, 200);
        Assert.All(normal.Values, t => Assert.Equal("up", t.State));
        Assert.InRange(normal["internet"].AvgMs, 18, 40);
        Assert.InRange(normal["ap-1f-a"].AvgMs, 1, 12);

        // unplug / plug: the cable of an access point; its path, traced as it failed, stops after its floor switch
        Lab("unplug", "ap-1f-a");
        var unplugged = Report("--count", "10", "-i", "200ms").GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.Clone());
        Assert.Equal("down", unplugged["ap-1f-a"].GetProperty("state").GetString());
        Assert.Equal("up", unplugged["ap-1f-b"].GetProperty("state").GetString());
        JsonElement trace = unplugged["ap-1f-a"].GetProperty("trace");
        Assert.Equal(("198.18.1.2", "sw-1f"), (trace.GetProperty("last_answer").GetString(), trace.GetProperty("last_answer_name").GetString()));
        Lab("plug", "ap-1f-a");
        Assert.Equal("up", Watch(5, 200)["ap-1f-a"].State);

        // lossy: a floor switch drops half the pings
        Lab("lossy", "sw-2f", "50");
        Assert.InRange(Watch(40, 50)["sw-2f"].LossPct, 20, 80);

        // slow: an access point 100 ms away
        Lab("slow", "ap-2f-a", "100");
        Assert.InRange(Watch(5, 200)["ap-2f-a"].AvgMs, 85, 130);

        // mtu: the upstream link narrows (a tunnel); ping-sized echoes pass, full-size ones sent whole are too big at
        // the core switch, and the path's MTU is found
        Assert.Equal("lab: the upstream link carries 1400 bytes", Lab("mtu", "1400").Trim());
        JsonElement narrow = Report("--count", "5", "-i", "200ms", "-t", "500ms").GetProperty("targets").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "internet-mtu");
        Assert.Equal(("down", "too-big", 1400), (narrow.GetProperty("state").GetString(), narrow.GetProperty("last_outcome").GetString(), narrow.GetProperty("path_mtu").GetInt32()));
        Assert.Equal("up", Watch(3, 200)["internet"].State);

        // dns-fail / cert-expire: the venue's resolver loses the portal's name, and the portal presents a certificate
        // that has run out; the pings to both hosts still pass
        Assert.Contains("NXDOMAIN", Lab("dns-fail"), StringComparison.Ordinal);
        Assert.Contains("ran out on 2026-11-30", Lab("cert-expire"), StringComparison.Ordinal);
        var broken = Report("--count", "3", "-i", "300ms").GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(("down", "wrong-answer", "NXDOMAIN"), (broken["resolver"].GetProperty("state").GetString(), broken["resolver"].GetProperty("last_outcome").GetString(),
                                                             broken["resolver"].GetProperty("note").GetString()));
        Assert.Equal(("down", "wrong-answer"), (broken["portal"].GetProperty("state").GetString(), broken["portal"].GetProperty("last_outcome").GetString()));
        Assert.StartsWith("certificate expired 2026-11-30", broken["portal"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(("up", "up"), (broken["internet"].GetProperty("state").GetString(), broken["core-sw"].GetProperty("state").GetString()));

        // overload: too many people on one AP, loss and delay together
        Lab("overload", "ap-2f-b");
        var overloadedLab = Watch(40, 50);
        var overloaded = overloadedLab["ap-2f-b"];
        Assert.True(overloaded.LossPct > 0, "an overloaded AP loses pings");
        Assert.InRange(overloaded.AvgMs, 40, 140);
        // the lab's deadman.toml (loss ≥ 10 %, avg RTT ≥ 60 ms) makes it degraded; hosts without a fault stay up
        Assert.True(overloaded.State == "degraded", $"ap-2f-b is {overloaded.State}, loss {overloaded.LossPct}%, avg {overloaded.AvgMs} ms");
        Assert.All(s_healthy, name => Assert.Equal("up", overloadedLab[name].State));

        // crowd: a packed room on an access point that answers every ping; its station count (snmpd in the AP's
        // namespace, asked over SNMPv3) against the lab's warn 80 / crit 120 says what pings cannot
        Assert.Equal("lab: ap-1f-a has 95 stations", Lab("crowd", "ap-1f-a", "95").Trim());
        var (crowded, gauges) = WatchWithGauges();
        Assert.Equal(("degraded", 0.0), (crowded["ap-1f-a"].State, crowded["ap-1f-a"].LossPct));
        Assert.Equal(["clients 95 ≥ 80"], crowded["ap-1f-a"].Reasons);
        Assert.Equal("clients 118 ≥ 80", crowded["ap-2f-b"].Reasons[0]);
        Assert.Equal(("up", 0), (crowded["ap-1f-b"].State, crowded["ap-1f-b"].Reasons.Length));
        Assert.Equal([("ap-1f-a", 95.0, "warn"), ("ap-1f-b", 31.0, "ok"), ("ap-2f-a", 18.0, "ok"), ("ap-2f-b", 118.0, "warn")], gauges);
        Lab("crowd", "ap-1f-a", "130");
        Assert.Equal(["clients 130 ≥ 120 (crit)"], WatchWithGauges().Targets["ap-1f-a"].Reasons);

        // load: traffic across the uplink, bounded in time (and stopped by heal); the network still answers and the
        // panel sees it. The load outlasts the watch by far, so a slow start of the watch cannot miss it.
        Assert.Contains("pushing 20 Mbit/s", Lab("load", "20", "60"), StringComparison.Ordinal);
        var (loaded, uplink) = WatchWithTraffic();
        string senders = Shell.RunChecked(["pgrep", "-af", "198.18.254.1"]).Output;
        Assert.Equal("up", loaded["internet"].State);
        Assert.Equal("ok", uplink.GetProperty("state").GetString());
        Assert.True(uplink.GetProperty("out_bps").GetDouble() > 5e6,
            $"uplink out {uplink.GetProperty("out_bps")} bit/s; senders right after the watch: {senders}");

        // heal: everything back to normal
        Lab("heal");
        var healed = Watch(10, 100);
        Assert.All(healed.Values, t => Assert.Equal("up", t.State));
        Assert.All(healed.Values, t => Assert.Equal(0, t.LossPct));
        Assert.InRange(healed["ap-2f-a"].AvgMs, 1, 15);

        // heal again while deadman watches: a healthy lab loses no probe to it (it used to restart every echo
        // responder, an X in every row)
        Task<Dictionary<string, (string State, double LossPct, double AvgMs)>> watching = Task.Run(() => Watch(15, 200));
        await Task.Delay(1000);
        Lab("heal");
        Assert.All(await watching, t => Assert.True(t.Value.LossPct == 0, $"{t.Key} lost {t.Value.LossPct}% to a heal"));

        // a short load runs its whole time and sends what it said (its sender used to die half a second in)
        Lab("load", "20", "2");
        await Task.Delay(3500);
        string log = File.ReadAllText($"/run/{_prefix}/load.log");
        System.Text.RegularExpressions.Match sent = System.Text.RegularExpressions.Regex.Match(log, @"lab load: sent (\d+) bytes");
        Assert.True(sent.Success, log);
        Assert.InRange(long.Parse(sent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 20e6 / 8 * 2 * 0.8, 20e6 / 8 * 2 * 1.05);

        // a floor switch unplugged while deadman watches: one alert for the switch and its access points
        string alerts = $"/run/{_prefix}/alerts.log";
        using (var live = new NamespaceProcesses())
        {
            live.Start($"{_prefix}-noc", "env", $"DMLAB_PREFIX={_prefix}", s_deadman, "-i", "200ms", "-t", "300ms", _config);
            await Task.Delay(3000);
            Lab("unplug", "sw-1f");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!(File.Exists(alerts) && File.ReadAllText(alerts).Contains("sw-1f and 2 more in 1F down", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no grouped alert: {(File.Exists(alerts) ? File.ReadAllText(alerts) : "no alerts.log")}");
                await Task.Delay(250);
            }

            await Task.Delay(6000);
            // with the last hop that answered on the way to the floor, traced as it failed
            Assert.EndsWith("sw-1f and 2 more in 1F down (last answer from 198.18.0.1 (core-sw))",
                            Assert.Single(File.ReadAllLines(alerts), line => line.Contains(" down", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Contains("sw-1f and 2 more in 1F down", Lab("alerts"), StringComparison.Ordinal);
        }

        Lab("plug", "sw-1f");

        // down, twice: no trace left
        Lab("down");
        Lab("down");
        Assert.DoesNotContain(_prefix, Shell.Run("ip", "netns", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_show_unplug_overload_and_load_on_the_signage_When_watching_with_the_web_view()
    {
        // Given: the lab, watched with `lab watch --web` as the README says, the pages looked at from this machine
        const int port = 19182;
        Lab("up");
        using var processes = new NamespaceProcesses();
        processes.StartHere("env", $"DMLAB_PREFIX={_prefix}", $"DEADMAN={s_deadman}", _lab, "watch", "--web", $"{port}",
                            "--count", "600", "--traffic-interval", "3s");
        string scratch = Directory.CreateTempSubdirectory("dmt-lab-browser-").FullName;
        await using (HeadlessChromium browser = await HeadlessChromium.LaunchAsync(netns: null, scratch))
        {
            IPage signage = await OpenWhenServedAsync(browser, $"http://127.0.0.1:{port}/signage");
            IPage table = await browser.OpenAsync($"http://127.0.0.1:{port}/");
            await signage.WaitForSelectorAsync("article.tile[data-group='1F'][data-state='up']", new() { Timeout = 30_000 });
            Assert.Equal("Rehearsal lab", await signage.InnerTextAsync("#title"));

            // When: a floor switch is unplugged, an access point overloaded, and the uplink loaded
            Lab("unplug", "sw-1f");
            Lab("overload", "ap-2f-b");
            Lab("load", "50", "40");

            // Then: the floor's tile is red, the other floor's yellow (within the 20 s health window), and the
            // uplink graph shows the load going out
            await signage.WaitForSelectorAsync("article.tile[data-group='1F'][data-state='down']", new() { Timeout = 10_000 });
            await signage.WaitForSelectorAsync("article.tile[data-group='2F'][data-state='degraded']", new() { Timeout = 40_000 });
            await signage.WaitForFunctionAsync("() => /^[2-6][0-9](\\.[0-9])? Mbit\\/s$/.test(document.getElementById('out').textContent)", null, new() { Timeout = 20_000 });
            Assert.Equal("3", await signage.InnerTextAsync("#down"));
            Assert.Contains("sw-1f", await signage.InnerTextAsync("article.tile[data-group='1F']"), StringComparison.Ordinal);
            Assert.True(await signage.Locator("#graph polyline.out").CountAsync() == 1, "no uplink graph");
            Assert.DoesNotContain("198.18.", await signage.ContentAsync(), StringComparison.Ordinal);

            // The README's pictures of both pages, once the floor's access points are down too and the graph has a
            // few polls of the load
            await table.WaitForSelectorAsync("tr.host[data-name='ap-1f-b'][data-state='down']", new() { Timeout = 10_000 });
            await Task.Delay(TimeSpan.FromSeconds(15));
            await HeadlessChromium.ScreenshotAsync(signage, "signage.png");
            await table.ClickAsync("tr.host[data-name='ap-2f-b']");
            await table.WaitForSelectorAsync("#detail dl");
            await HeadlessChromium.ScreenshotAsync(table, "operator.png");
        }

        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void Should_name_what_is_missing_and_build_nothing_When_a_prerequisite_is_not_installed()
    {
        // Given: a PATH with everything this machine has but ping (issue 30: every node "did not answer the NOC")
        string bin = Directory.CreateTempSubdirectory("dmt-lab-path-").FullName;
        try
        {
            foreach (string directory in s_systemPath.Where(Directory.Exists))
            {
                foreach (string program in Directory.GetFiles(directory).Where(p => Path.GetFileName(p) != "ping" && !File.Exists(Path.Combine(bin, Path.GetFileName(p)))))
                {
                    File.CreateSymbolicLink(Path.Combine(bin, Path.GetFileName(program)), program);
                }
            }

            // When
            var (exit, output, error) = Shell.RunChecked(["env", $"PATH={bin}", $"DMLAB_PREFIX={_prefix}", _lab, "up"]);

            // Then: said by name with its package, and nothing built
            Assert.NotEqual(0, exit);
            Assert.Contains("lab: missing ping: install with apt-get install -y iputils-ping", error, StringComparison.Ordinal);
            Assert.DoesNotContain(_prefix, Shell.Run("ip", "netns", "list"), StringComparison.Ordinal);
            Assert.Empty(output);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public void Should_watch_with_the_clones_build_or_the_packaged_deadman_and_leave_no_forwarder_When_the_watch_ends()
    {
        // Given: the lab, run from a clone that has a native build, and from the package's place (no source beside it)
        Lab("up");
        string scratch = Directory.CreateTempSubdirectory("dmt-lab-copies-").FullName;
        try
        {
            string clone = Path.Combine(scratch, "clone");
            string packaged = Path.Combine(scratch, "usr", "share", "doc", "deadman");
            string onPath = Path.Combine(scratch, "bin");
            CopyLab(Path.Combine(clone, "examples", "lab"));
            CopyLab(Path.Combine(packaged, "examples", "lab"));
            Wrapper(Path.Combine(clone, "artifacts", "deadman"), "the clone's build");
            Wrapper(Path.Combine(onPath, "deadman"), "the packaged deadman");
            const int port = 19183;

            // When: watched from the clone with the web view, without DEADMAN, until deadman's count ends
            var (exit, _, error) = Shell.RunChecked(["env", "-u", "DEADMAN", $"DMLAB_PREFIX={_prefix}", Path.Combine(clone, "examples", "lab", "lab"),
                                                     "watch", "--web", $"{port}", "--count", "2"], limit: TimeSpan.FromSeconds(60));

            // Then: its build ran, and nothing is left listening (issue 30: "forwarder: unbound variable", and the
            // forwarder ran on)
            Assert.True(exit == 0, error);
            Assert.Contains("deadman: the clone's build", error, StringComparison.Ordinal);
            Assert.DoesNotContain("unbound variable", error, StringComparison.Ordinal);
            Assert.True(SpinWait.SpinUntil(() => Shell.RunChecked(["pgrep", "-f", $"{port} {_prefix}-noc"]).Exit != 0, TimeSpan.FromSeconds(5)), "the port forwarder is still running");

            // When: watched from the package's place, the deadman on PATH is the one
            var (packagedExit, _, packagedError) = Shell.RunChecked(["env", "-u", "DEADMAN", $"PATH={onPath}:{Environment.GetEnvironmentVariable("PATH")}", $"DMLAB_PREFIX={_prefix}",
                                                                     Path.Combine(packaged, "examples", "lab", "lab"), "watch", "--count", "1"], limit: TimeSpan.FromSeconds(60));
            Assert.True(packagedExit == 0, packagedError);
            Assert.Contains("deadman: the packaged deadman", packagedError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CopyLab(string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples", "lab")))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    // A deadman that says which one it is, then is the one under test.
    private static void Wrapper(string path, string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/sh\necho \"deadman: {name}\" >&2\nexec {s_deadman} \"$@\"\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    // The lab builds deadman's view first: the page is opened once it answers.
    private static async Task<IPage> OpenWhenServedAsync(HeadlessChromium browser, string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using HttpResponseMessage answer = await http.GetAsync(new Uri(url));
                if (answer.IsSuccessStatusCode)
                {
                    return await browser.OpenAsync(url);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"nothing served on {url}");
            await Task.Delay(500);
        }
    }

    private string Lab(params string[] arguments) => Shell.Run(["env", $"DMLAB_PREFIX={_prefix}", _lab, .. arguments]);

    private Dictionary<string, (string State, double LossPct, double AvgMs)> Watch(int count, int intervalMs)
    {
        var (_, output, error) = Shell.RunChecked(["ip", "netns", "exec", $"{_prefix}-noc", s_deadman, "--count", $"{count}",
            "-i", $"{intervalMs}ms", "-t", "500ms", "--json", _config]);
        Assert.True(output.Length > 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => (t.GetProperty("state").GetString()!, t.GetProperty("loss_pct").GetDouble(),
                  t.GetProperty("rtt_avg_ms").ValueKind == JsonValueKind.Number ? t.GetProperty("rtt_avg_ms").GetDouble() : double.NaN));
    }

    // deadman's --json report of the lab, run in its NOC namespace with these options.
    private JsonElement Report(params string[] options)
    {
        var (_, output, error) = Shell.RunChecked(["ip", "netns", "exec", $"{_prefix}-noc", s_deadman, .. options, "--json", _config], limit: TimeSpan.FromSeconds(60));
        Assert.True(output.Length > 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    // 3 s of pings with every agent polled each second: the access points' station counts, and what they make of them.
    private (Dictionary<string, (string State, double LossPct, string[] Reasons)> Targets, (string Host, double Value, string State)[] Gauges) WatchWithGauges()
    {
        JsonElement root = Report("--count", "3", "-i", "1s", "--traffic-interval", "1s");
        var targets = root.GetProperty("targets").EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => (t.GetProperty("state").GetString()!, t.GetProperty("loss_pct").GetDouble(),
                  t.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray()));
        var gauges = root.GetProperty("gauges").EnumerateArray()
            .Select(g => (g.GetProperty("host").GetString()!, g.GetProperty("value").ValueKind == JsonValueKind.Number ? g.GetProperty("value").GetDouble() : double.NaN,
                          g.GetProperty("state").GetString()!))
            .ToArray();
        return (targets, gauges);
    }

    // 14 s of pings with the core switch's uplink polled every 6 s: two samples, one rate.
    private (Dictionary<string, (string State, double LossPct, double AvgMs)> Targets, JsonElement Uplink) WatchWithTraffic()
    {
        JsonElement root = Report("--count", "14", "-i", "1s", "--traffic-interval", "6s");
        var targets = root.GetProperty("targets").EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => (t.GetProperty("state").GetString()!, t.GetProperty("loss_pct").GetDouble(), 0.0));
        JsonElement uplink = root.GetProperty("interfaces").EnumerateArray().Single(i => i.GetProperty("interface").GetString() == "uplink");
        return (targets, uplink.Clone());
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    public void Dispose() => Shell.RunChecked(["env", $"DMLAB_PREFIX={_prefix}", _lab, "down"]);
}
