using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeadMan.IntegrationTests.Lab;
using DeadMan.IntegrationTests.Terminal;
using DeadMan.IntegrationTests.Web;
using Microsoft.Playwright;

namespace DeadMan.IntegrationTests.Remote;

/// <summary>
/// Issue 18 with the real engine: two deadman agents (vantages "noc" and "hall-b") in two namespaces, each with its
/// own path to the same host, Debian's Prometheus scraping both every second, and a third deadman reading them back
/// with <c>--from prometheus</c>: its --count --json report, its full screen in tmux, its --web state and its log of
/// changes, all at once.
/// Everything lives in namespaces this test makes; nothing is routed from this machine.
/// <code>
///   prom (Prometheus, viewer) ── noc (agent) ──── host 198.18.100.1
///                             └─ hall (agent) ──┘
/// </code>
/// </summary>
public sealed class VantagePointTests : IDisposable
{
    private const string Host = "198.18.100.1";
    private const int PrometheusPort = 19390;
    private const int ViewerWebPort = 19391;
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly NetnsLab _lab = new();
    private readonly NamespaceProcesses _processes = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-vantage-").FullName;

    [Fact]
    public async Task Should_show_each_vantages_view_of_a_host_and_a_gone_agent_as_stale_and_a_gone_server_When_reading_them_from_prometheus()
    {
        // Given: the host reached from both agents, each agent exporting metrics towards Prometheus
        string prom = _lab.AddNamespace("p");
        string noc = _lab.AddNamespace("n");
        string hall = _lab.AddNamespace("b");
        string host = _lab.AddNamespace("h");
        _lab.Link(prom, "198.18.10.1/24", noc, "198.18.10.2/24");
        _lab.Link(prom, "198.18.20.1/24", hall, "198.18.20.2/24");
        _lab.Link(noc, "198.18.1.1/24", host, "198.18.1.2/24");
        (string hallPath, _) = _lab.Link(hall, "198.18.2.1/24", host, "198.18.2.2/24");
        _lab.Exec(host, "ip", "addr", "add", $"{Host}/32", "dev", "lo");
        _lab.Exec(noc, "ip", "route", "add", $"{Host}/32", "via", "198.18.1.2");
        _lab.Exec(hall, "ip", "route", "add", $"{Host}/32", "via", "198.18.2.2");
        string config = Path.Combine(_directory, "hosts.conf");
        File.WriteAllText(config, $"--- hall\nshared {Host}\n");
        Process nocAgent = _processes.Start(noc, s_deadman, "-i", "200ms", "-t", "300ms", "--metrics", "198.18.10.2:19300", "--vantage", "noc", config);
        _processes.Start(hall, s_deadman, "-i", "200ms", "-t", "300ms", "--metrics", "198.18.20.2:19300", "--vantage", "hall-b", config);
        string prometheusConfig = Path.Combine(_directory, "prometheus.yml");
        File.WriteAllText(prometheusConfig, """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: deadman
                static_configs:
                  - targets: ["198.18.10.2:19300", "198.18.20.2:19300"]
            """);
        Process prometheus = _processes.Start(prom, "prometheus", $"--config.file={prometheusConfig}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
                                              $"--web.listen-address=127.0.0.1:{PrometheusPort}", "--log.level=warn");
        Process log = _processes.Start(prom, s_deadman, "--from", "prometheus", $"http://127.0.0.1:{PrometheusPort}", "-i", "500ms");
        using var screen = new TmuxSession(110, 10, $"ip netns exec {prom} env LANG=C.UTF-8 {s_deadman} --from prometheus http://127.0.0.1:{PrometheusPort} -i 500ms --web 127.0.0.1:{ViewerWebPort}; sleep 60");

        // When both agents have been scraped, the viewer shows one row with a state per vantage
        (JsonElement shared, _) = WaitFor(prom, t => Vantage(t, "noc") == "up" && Vantage(t, "hall-b") == "up", "both vantages up");
        Assert.Equal(("hall", "icmp", "up"), (shared.GetProperty("group").GetString(), shared.GetProperty("kind").GetString(), shared.GetProperty("state").GetString()));
        Assert.InRange(shared.GetProperty("vantages")[0].GetProperty("rtt_avg_ms").GetDouble(), 0, 50);
        // and so does the full screen, once its own read has both: a column per vantage, each with its RTT after SNT
        screen.WaitFor(s => Regex.IsMatch(s, @"SINCE\s+hall-b\s+noc\s+RESULT") && Regex.IsMatch(Row(s, "shared"), @"\s\d+\s+\d+\.\d+\s+\d+\.\d+\s"),
                       what: "an RTT under each vantage");

        // When hall B's path to the host is pulled: down from hall-b, up from the NOC, and the host down (worst first)
        _lab.SetLink(hall, hallPath, up: false);
        (shared, _) = WaitFor(prom, t => Vantage(t, "hall-b") == "down", "the host down from hall-b");
        Assert.Equal(("up", "down"), (Vantage(shared, "noc"), shared.GetProperty("state").GetString()));
        // on the screen: DOWN, white on red, under hall-b and an RTT under noc, in a row that is down
        string shown = screen.WaitFor(s => Regex.IsMatch(Row(s, "shared"), @"\sDOWN\s+\d+\.\d+\s"), what: "DOWN from hall-b, an RTT from noc");
        Assert.Contains("▼ 1 down", shown, StringComparison.Ordinal);
        Assert.Matches(@"41m(\x1b\[[0-9;]*m)*DOWN", Row(screen.Capture(escapes: true), "shared"));
        // and as a line of the viewer that is not on a terminal
        Assert.True(SpinWait.SpinUntil(() => Regex.IsMatch(_processes.OutputOf(log), @"DOWN\s+shared\s+198\.18\.100\.1\s+down from hall-b\n"), TimeSpan.FromSeconds(10)),
                    _processes.OutputOf(log));
        // and in the viewer's web state, with each vantage's word
        JsonElement web = Targets(Shell.RunChecked(["ip", "netns", "exec", prom, "curl", "-sf", $"http://127.0.0.1:{ViewerWebPort}/api/state"]).Output).Single();
        Assert.Equal(("down", "down", "up"), (web.GetProperty("state").GetString(), Vantage(web, "hall-b"), Vantage(web, "noc")));
        Assert.True(web.GetProperty("history").GetArrayLength() > 0);
        // and on its page in a browser: hall-b's word white on red, the NOC's in green
        await using (HeadlessChromium browser = await HeadlessChromium.LaunchAsync(prom, _directory))
        {
            IPage page = await browser.OpenAsync($"http://127.0.0.1:{ViewerWebPort}/");
            const string Cell = "tr.host[data-name='shared'] span.vantage";
            await page.Locator($"{Cell}.down[data-vantage='hall-b']").WaitForAsync();
            Assert.Equal("rgb(248, 81, 73)", await HeadlessChromium.StyleAsync(page, $"{Cell}[data-vantage='hall-b']", "backgroundColor"));
            Assert.Equal("rgb(63, 185, 80)", await HeadlessChromium.StyleAsync(page, $"{Cell}[data-vantage='noc']", "color"));
            await HeadlessChromium.ScreenshotAsync(page, "vantages.png");
        }

        // When the NOC's agent is killed: its vantage is stale within two scrape intervals, never up
        nocAgent.Kill();
        var killed = Stopwatch.StartNew();
        (shared, TimeSpan readAt) = WaitFor(prom, t => Vantage(t, "noc") == "stale", "the NOC's vantage stale", killed);
        Assert.True(readAt <= TimeSpan.FromSeconds(2), $"the first read that showed it stale began {readAt.TotalSeconds:0.00} s after the kill");
        Assert.Equal("down", Vantage(shared, "hall-b"));

        // And --vantage-match narrows the view to the vantages it names
        var (_, output, _) = Shell.RunChecked(["ip", "netns", "exec", prom, s_deadman, "--from", "prometheus", $"http://127.0.0.1:{PrometheusPort}",
                                               "--count", "1", "--json", "--vantage-match", "^hall"]);
        Assert.Equal(["hall-b"], Targets(output).Single().GetProperty("vantages").EnumerateArray().Select(v => v.GetProperty("vantage").GetString()));

        // Meanwhile the screen shows the NOC stale; and when Prometheus itself goes, the status line says so (in the
        // words of whatever failed first) and the last picture stays
        screen.WaitFor(s => Regex.IsMatch(Row(s, "shared"), @"\sDOWN\s+stale\s"), what: "the NOC's vantage stale");
        prometheus.Kill();
        shown = screen.WaitFor(s => s.Contains($"Prometheus at http://127.0.0.1:{PrometheusPort} unreachable", StringComparison.Ordinal), what: "the server unreachable");
        Assert.Matches(@"\sDOWN\s+stale\s", Row(shown, "shared"));
        JsonElement stale = JsonDocument.Parse(Shell.RunChecked(["ip", "netns", "exec", prom, "curl", "-sf", $"http://127.0.0.1:{ViewerWebPort}/api/state"]).Output).RootElement;
        Assert.Contains("unreachable", stale.GetProperty("problem").GetString(), StringComparison.Ordinal);
        // and the pages say the picture is old: the operator's in its status, the venue's in its footer
        await using (HeadlessChromium browser = await HeadlessChromium.LaunchAsync(prom, _directory))
        {
            IPage operatorPage = await browser.OpenAsync($"http://127.0.0.1:{ViewerWebPort}/");
            await operatorPage.Locator("#status.problem").WaitForAsync();
            Assert.Contains("unreachable", await operatorPage.Locator("#status").TextContentAsync(), StringComparison.Ordinal);
            IPage signage = await browser.OpenAsync($"http://127.0.0.1:{ViewerWebPort}/signage");
            await signage.Locator("#stale:not([hidden])").WaitForAsync();
            Assert.StartsWith("The monitor cannot read its data source since", await signage.Locator("#stale").TextContentAsync(), StringComparison.Ordinal);
        }
    }

    private static string Row(string screen, string name) =>
        screen.Split('\n').FirstOrDefault(line => Regex.IsMatch(line, $@"^\S*\s+(\x1b\[[0-9;]*m)*{name}\s")) ?? "";

    [Fact]
    public void Should_log_in_with_deadman_toml_and_say_so_when_refused_When_prometheus_asks_for_basic_authentication()
    {
        // Given: one agent and a Prometheus that wants a login (the hash is the Prometheus guide's example, of "test")
        string web = Path.Combine(_directory, "web.yml");
        File.WriteAllText(web, "basic_auth_users:\n  admin: $2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay\n");
        string prom = OneAgentScraped("itself 198.18.10.2\n", $"--web.config.file={web}");
        string settings = Path.Combine(_directory, "deadman.toml");
        string[] viewer = ["ip", "netns", "exec", prom, s_deadman, "--from", "prometheus", $"http://127.0.0.1:{PrometheusPort}", "--count", "1", "--json", "--settings", settings];

        // When the password is right, the host comes back from the NOC's vantage
        File.WriteAllText(settings, "[prometheus]\nuser = \"admin\"\npassword = \"test\"\n");
        Assert.True(SpinWait.SpinUntil(() => Shell.RunChecked(viewer).Output is { Length: > 0 } output && Targets(output) is [{ } t] && Vantage(t, "noc") == "up",
                                       TimeSpan.FromSeconds(40)), Shell.RunChecked(viewer).Output);

        // When it is wrong, the run fails and says what to check
        File.WriteAllText(settings, "[prometheus]\nuser = \"admin\"\npassword = \"not-the-password\"\n");
        var (exit, refused, error) = Shell.RunChecked(viewer);
        Assert.Equal(1, exit);
        Assert.Contains("refused us (HTTP 401): check [prometheus] user and password", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", refused + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_dim_a_spare_and_pass_the_count_When_the_agent_marks_it_expect_down()
    {
        // Given: an agent watching itself and a spare that is not there (expect=down), scraped by Prometheus
        string prom = OneAgentScraped("itself 198.18.10.2\nspare 198.18.10.77 expect=down\n");
        string[] viewer = ["ip", "netns", "exec", prom, s_deadman, "--from", "prometheus", $"http://127.0.0.1:{PrometheusPort}", "--count", "1", "--json"];

        // When the viewer reads the spare down from the NOC
        (int exit, string output, string error) = (0, "", "");
        Assert.True(SpinWait.SpinUntil(() =>
        {
            (exit, output, error) = Shell.RunChecked(viewer);
            return output.Length > 0 && Targets(output).Any(t => t.GetProperty("name").GetString() == "spare" && Vantage(t, "noc") == "down")
                && Targets(output).Any(t => t.GetProperty("name").GetString() == "itself" && Vantage(t, "noc") == "up");
        }, TimeSpan.FromSeconds(40)), output + error);

        // Then: it is down and expected so, and the run passes, as the agent's own --count would
        JsonElement spare = Targets(output).Single(t => t.GetProperty("name").GetString() == "spare");
        Assert.Equal(("down", true), (spare.GetProperty("state").GetString(), spare.GetProperty("expect_down").GetBoolean()));
        Assert.Equal(0, exit);
    }

    // One agent (vantage "noc", in its own namespace) probing these hosts, and Prometheus scraping it every second
    // from another; the namespace Prometheus listens in, on loopback, is returned.
    private string OneAgentScraped(string hosts, params string[] prometheusOptions)
    {
        string prom = _lab.AddNamespace("p");
        string noc = _lab.AddNamespace("n");
        _lab.Link(prom, "198.18.10.1/24", noc, "198.18.10.2/24");
        string config = Path.Combine(_directory, "hosts.conf");
        File.WriteAllText(config, hosts);
        _processes.Start(noc, s_deadman, "-i", "200ms", "-t", "300ms", "--metrics", "198.18.10.2:19300", "--vantage", "noc", config);
        string prometheusConfig = Path.Combine(_directory, "prometheus.yml");
        File.WriteAllText(prometheusConfig, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: deadman\n    static_configs:\n      - targets: [\"198.18.10.2:19300\"]\n");
        _processes.Start(prom, ["prometheus", $"--config.file={prometheusConfig}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
                                $"--web.listen-address=127.0.0.1:{PrometheusPort}", "--log.level=warn", .. prometheusOptions]);
        return prom;
    }

    private static string? Vantage(JsonElement target, string name) =>
        target.GetProperty("vantages").EnumerateArray().FirstOrDefault(v => v.GetProperty("vantage").GetString() == name) is { ValueKind: JsonValueKind.Object } v
            ? v.GetProperty("state").GetString() : null;

    private static List<JsonElement> Targets(string output) => [.. JsonDocument.Parse(output).RootElement.GetProperty("targets").EnumerateArray().Select(t => t.Clone())];

    // Runs the viewer once a quarter second until its one host is as wanted; says when (on since's clock) the read
    // that got there began.
    private static (JsonElement Target, TimeSpan ReadStarted) WaitFor(string ns, Func<JsonElement, bool> wanted, string what, Stopwatch? since = null)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            TimeSpan started = since?.Elapsed ?? clock.Elapsed;
            var (_, output, error) = Shell.RunChecked(["ip", "netns", "exec", ns, s_deadman, "--from", "prometheus", $"http://127.0.0.1:{PrometheusPort}", "--count", "1", "--json"]);
            last = output + error;
            if (output.Length > 0 && Targets(output) is [{ } target] && wanted(target))
            {
                return (target, started);
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException($"the viewer never showed {what}; last: {last}");
    }

    public void Dispose()
    {
        _processes.Dispose();
        _lab.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
