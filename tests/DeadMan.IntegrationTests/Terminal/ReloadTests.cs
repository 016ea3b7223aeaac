using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Terminal;

/// <summary>Reloading while the full screen runs: a broken file changes nothing and says why; a good one applies.</summary>
public sealed class ReloadTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly TwoHosts _hosts = new();
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");
    private readonly string _logs = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}");

    [Fact]
    public void Should_keep_running_targets_and_show_the_error_When_the_file_breaks_then_apply_the_fixed_file()
    {
        // Given
        File.WriteAllText(_config, $"first {TwoHosts.TargetAddress}\n");
        using var tmux = new TmuxSession(120, 12, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} -i 200ms -l {_logs} {_config}; sleep 60");
        tmux.WaitFor(s => s.Contains("first", StringComparison.Ordinal) && s.Contains("▁▁", StringComparison.Ordinal), what: "the first host answering");

        // When the file is saved with a mistake on line 2
        File.WriteAllText(_config, $"first {TwoHosts.TargetAddress}\nsecond 198.18.0.300\n");

        // Then the error names file, line and column, and the first host is still watched
        string screen = tmux.WaitFor(s => s.Contains("reload failed", StringComparison.Ordinal), what: "the reload error");
        Assert.Contains($"{Path.GetFileName(_config)}:2:8: invalid IPv4 address", screen.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("first", screen, StringComparison.Ordinal);

        // When it is fixed, the new host appears and the first keeps its history
        File.WriteAllText(_config, $"first {TwoHosts.TargetAddress}\nsecond {TwoHosts.ClientAddress}\n");
        screen = tmux.WaitFor(s => s.Contains("second", StringComparison.Ordinal) && s.Contains("reloaded", StringComparison.Ordinal), what: "the reloaded list");
        Assert.DoesNotContain("reload failed", screen, StringComparison.Ordinal);

        // And SIGHUP, deadman's way to ask for a reload, reloads without ending the program. The screen still shows
        // the last reload's message, so the event log tells whether this one happened (issue 11).
        int reloads = Reloads();
        Assert.True(reloads >= 1, "the fixed file's reload is not in the event log");
        int pid = DeadmanProcess.PidOf(_config);
        Shell.Run("kill", "-HUP", $"{pid}");
        Assert.True(SpinWait.SpinUntil(() => Reloads() > reloads, TimeSpan.FromSeconds(15)), "SIGHUP did not reload");
        tmux.WaitFor(s => s.Contains("reloaded", StringComparison.Ordinal) && s.Contains("HOSTNAME", StringComparison.Ordinal), what: "deadman still running after SIGHUP");
        Assert.Equal(pid, DeadmanProcess.PidOf(_config));
    }

    private int Reloads() => File.ReadAllLines(Path.Combine(_logs, "deadman-events.jsonl")).Count(l => l.Contains("\"event\":\"reload\"", StringComparison.Ordinal));

    public void Dispose()
    {
        _hosts.Dispose();
        File.Delete(_config);
        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }
}
