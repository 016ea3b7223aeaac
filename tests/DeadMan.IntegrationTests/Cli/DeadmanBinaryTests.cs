using System.Text.Json;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Cli;

/// <summary>The built <c>deadman</c> binary run inside the client namespace, as root and as an unprivileged user.</summary>
public sealed class DeadmanBinaryTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;

    // The words a user reads, pinned here rather than taken from the constant under test (issue 11).
    private const string FastPathHint =
        "run, as root, `setcap cap_net_raw+ep $(which deadman)` or allow ping sockets with `sysctl net.ipv4.ping_group_range='0 2147483647'`";
    private readonly TwoHosts _hosts = new();
    private readonly string _directory;

    public DeadmanBinaryTests()
    {
        // Readable by the unprivileged user too (a temp subdirectory would be 0700).
        _directory = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
    }

    private string Config(string text)
    {
        string path = Path.Combine(_directory, "lab.conf");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }

    private (int Exit, string Output, string Error) Deadman(bool asNobody, string path, params string[] args)
    {
        string[] user = asNobody ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
        return Shell.RunChecked(["ip", "netns", "exec", _hosts.Client, .. user, "env", $"PATH={path}", s_deadman, .. args]);
    }

    [Fact]
    public void Should_report_json_and_exit_1_When_one_host_is_down()
    {
        // Given: the target answers; nothing lives at .77
        string config = Config($"--- lab\nup-host {TwoHosts.TargetAddress}\nup-host-v6 {TwoHosts.TargetAddressV6}\nno-host 198.18.0.77\n");

        // When
        var (exit, output, error) = Deadman(false, "/usr/sbin:/usr/bin:/sbin:/bin", "--count", "4", "-i", "100ms", "-t", "300ms", "--json", config);

        // Then
        Assert.True(exit == 1, error);
        using JsonDocument json = JsonDocument.Parse(output);
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("up", targets["up-host"].GetProperty("state").GetString());
        Assert.Equal(4, targets["up-host"].GetProperty("received").GetInt32());
        Assert.Equal(0, targets["up-host"].GetProperty("loss_pct").GetDouble());
        Assert.True(targets["up-host"].GetProperty("rtt_avg_ms").GetDouble() > 0);
        Assert.Equal("up", targets["up-host-v6"].GetProperty("state").GetString());
        Assert.Equal("down", targets["no-host"].GetProperty("state").GetString());
        Assert.Equal(100, targets["no-host"].GetProperty("loss_pct").GetDouble());
        Assert.Equal(JsonValueKind.Null, targets["no-host"].GetProperty("rtt_avg_ms").ValueKind);
    }

    [Fact]
    public void Should_fall_back_to_system_ping_with_a_hint_When_no_icmp_socket_is_allowed()
    {
        // Given: an unprivileged user, and ping sockets closed (a new namespace's default "1 0"); a source address
        // and a source interface too (issue 30: the sample's source= rows were down for such a user)
        string config = Config($"peer {TwoHosts.TargetAddress}\nfrom-address {TwoHosts.TargetAddress} source={TwoHosts.ClientAddress}\n" +
                               $"from-device {TwoHosts.TargetAddress} source={_hosts.ClientLink}\nwrong-family {TwoHosts.TargetAddressV6} source={TwoHosts.ClientAddress}\n");

        // When
        var (exit, output, error) = Deadman(true, "/usr/bin:/bin", "--count", "3", "-i", "200ms", config);

        // Then
        Assert.True(exit == 1, error + output);
        Assert.Contains("system ping", error, StringComparison.Ordinal);
        Assert.Contains(FastPathHint, error, StringComparison.Ordinal);
        Assert.Matches(@"peer\s+198\.18\.0\.2\s+icmp\s+up\s+0\.0%\s+3\s+3", output);
        Assert.Matches(@"from-address\s+198\.18\.0\.2\s+icmp\s+up\s+0\.0%\s+3\s+3", output);
        Assert.Matches(@"from-device\s+198\.18\.0\.2\s+icmp\s+up\s+0\.0%\s+3\s+3", output);
        Assert.Matches(@"wrong-family .* down .*source 198\.18\.0\.1 is IPv4, the target is IPv6", output);
    }

    [Fact]
    public void Should_send_the_size_asked_for_and_say_the_path_mtu_is_not_searched_When_on_system_ping()
    {
        // Given: an unprivileged user without ICMP sockets, the client's link narrowed to 1400 bytes; 1000-byte echoes
        // sent whole (ping -s 1000 -M do) with pmtu=on, which ping cannot do, and 1500-byte ones, which cannot leave
        _hosts.Lab.Exec(_hosts.Client, "ip", "link", "set", "dev", _hosts.ClientLink, "mtu", "1400");
        string config = Config($"sized {TwoHosts.TargetAddress} size=1000 df=on pmtu=on\nfull {TwoHosts.TargetAddress} size=1472 df=on\n");

        // When
        var (exit, output, error) = Deadman(true, "/usr/bin:/bin", "--count", "3", "-i", "200ms", "--json", config);

        // Then: the long ones never leave (so ping was given the size and told not to fragment). Whether a round says
        // "too big" or "no reply" depends on whether ping's complaint (stderr, at its send) came after deadman's round
        // began: ping keeps its own cadence.
        Assert.True(exit == 1, error + output);
        using JsonDocument json = JsonDocument.Parse(output);
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(3, targets["sized"].GetProperty("received").GetInt32());
        Assert.Equal(("down", 0), (targets["full"].GetProperty("state").GetString(), targets["full"].GetProperty("received").GetInt32()));
        Assert.Equal(JsonValueKind.Null, targets["sized"].GetProperty("path_mtu").ValueKind);
        Assert.StartsWith("not searched without an ICMP socket", targets["sized"].GetProperty("path_mtu_unknown").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_no_ping_process_behind_When_a_headless_run_falls_back_to_system_ping()
    {
        // Given: an unprivileged user without ICMP sockets, and a dozen targets (a ping process each)
        string config = Config(string.Concat(Enumerable.Range(1, 12).Select(i => $"peer-{i} {TwoHosts.TargetAddress}\n")));

        // When: several short headless runs (issue 30: 11 ping processes were left after six, one for 19 minutes)
        var left = new List<string>();
        for (int run = 0; run < 5; run++)
        {
            var (exit, output, error) = Deadman(true, "/usr/bin:/bin", "--count", "2", "-i", "200ms", config);
            Assert.True(exit == 0, error + output);
            left.AddRange(PingsIn(_hosts.Client));
            KillPingsIn(_hosts.Client);
        }

        // Then: each run ended every ping it started before it ended itself
        Assert.Empty(left);
    }

    [Fact]
    public void Should_have_its_ping_processes_end_too_When_deadman_is_killed()
    {
        // Given: a live run on system ping, with a ping process for each of four targets
        string config = Config(string.Concat(Enumerable.Range(1, 4).Select(i => $"peer-{i} {TwoHosts.TargetAddress}\n")));
        var start = new System.Diagnostics.ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string word in (string[])["netns", "exec", _hosts.Client, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "PATH=/usr/bin:/bin", s_deadman, "-i", "200ms", config])
        {
            start.ArgumentList.Add(word);
        }

        using var deadman = System.Diagnostics.Process.Start(start)!;
        try
        {
            Assert.True(SpinWait.SpinUntil(() => PingsIn(_hosts.Client).Count() == 4, TimeSpan.FromSeconds(15)), "the pings never started");

            // When: deadman is killed, with no chance to end them (ip, setpriv and env exec, so this is deadman)
            deadman.Kill();
            deadman.WaitForExit(5_000);

            // Then: they end at their next line, into a pipe nobody reads (issue 30: they ignored SIGPIPE and ran on)
            Assert.True(SpinWait.SpinUntil(() => !PingsIn(_hosts.Client).Any(), TimeSpan.FromSeconds(5)), string.Join("\n", PingsIn(_hosts.Client)));
        }
        finally
        {
            KillPingsIn(_hosts.Client);
        }
    }

    // A test that fails must not leave pings running in a namespace it deletes.
    private static void KillPingsIn(string ns)
    {
        foreach (string ping in PingsIn(ns))
        {
            Shell.RunChecked(["kill", "-9", ping.Split(' ', ':')[1]]);
        }
    }

    // The ping processes running in a namespace: ours are the only ones there.
    private static IEnumerable<string> PingsIn(string ns) =>
        Shell.Run("ip", "netns", "pids", ns).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(pid => File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "ping")
            .Select(pid => $"ping {pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}");

    [Fact]
    public void Should_exit_3_with_the_fix_When_nothing_can_send_icmp()
    {
        // Given: no ICMP socket allowed and no ping on PATH
        string config = Config($"peer {TwoHosts.TargetAddress}\n");

        // When
        var (exit, _, error) = Deadman(true, "/nonexistent", "--count", "1", config);

        // Then
        Assert.Equal(3, exit);
        Assert.Contains("cannot open ICMP socket: " + FastPathHint, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_use_ping_sockets_without_warning_When_ping_group_range_allows_them()
    {
        // Given
        _hosts.Lab.Sysctl(_hosts.Client, "net.ipv4.ping_group_range=0 2147483647");
        string config = Config($"peer {TwoHosts.TargetAddress}\npeer6 {TwoHosts.TargetAddressV6}\n");

        // When
        var (exit, output, error) = Deadman(true, "/nonexistent", "--count", "3", "-i", "100ms", "--json", config);

        // Then
        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.All(json.RootElement.GetProperty("targets").EnumerateArray(), t => Assert.Equal(3, t.GetProperty("received").GetInt32()));
    }

    public void Dispose()
    {
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
