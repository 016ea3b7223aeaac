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
        // Given: an unprivileged user, and ping sockets closed (a new namespace's default "1 0")
        string config = Config($"peer {TwoHosts.TargetAddress}\n");

        // When
        var (exit, output, error) = Deadman(true, "/usr/bin:/bin", "--count", "3", "-i", "200ms", config);

        // Then
        Assert.True(exit == 0, error + output);
        Assert.Contains("system ping", error, StringComparison.Ordinal);
        Assert.Contains(FastPathHint, error, StringComparison.Ordinal);
        Assert.Matches(@"peer\s+198\.18\.0\.2\s+icmp\s+up\s+0\.0%\s+3\s+3", output);
    }

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
