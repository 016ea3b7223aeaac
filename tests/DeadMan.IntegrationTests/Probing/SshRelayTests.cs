using System.Diagnostics;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Probing;

/// <summary>
/// ssh relays against a real sshd in a namespace: pings stream through one session; a dead target, a frozen relay,
/// a killed relay and its return each show as what they are in deadman's own logs, round by round.
/// </summary>
public sealed class SshRelayTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-ssh-").FullName;
    private readonly NetnsLab _lab = new();
    private readonly NamespaceProcesses _processes = new();

    [Fact]
    public async Task Should_tell_target_loss_relay_timeout_and_relay_failure_apart_and_reconnect_When_things_break_in_turn()
    {
        // Given: the relay (sshd) and deadman share a namespace; a far host sits behind a veth link
        string noc = _lab.AddNamespace("r");
        string far = _lab.AddNamespace("f");
        (_, string farLink) = _lab.Link(noc, "198.18.6.1/24", far, "198.18.6.2/24");
        using var relay = new SshRelayHost(noc, _directory);
        string logs = Path.Combine(_directory, "logs");
        string config = Path.Combine(_directory, "relay.conf");
        File.WriteAllText(config, $"""
            loop   127.0.0.1    relay=127.0.0.1 user=root key={relay.ClientKey}
            far    198.18.6.2   relay=127.0.0.1 user=root key={relay.ClientKey}

            """);

        // When: at 4 probes/s the far host dies and comes back, the relay freezes and thaws, then is killed and
        // started again; each step waits for deadman's own logs to show the one before (bounded, no fixed sleeps)
        Process deadman = _processes.Start(noc, s_deadman, "--count", "800", "-i", "250ms", "--ssh-config", relay.SshConfig, "-l", logs, config);
        WaitForLog(logs, "loop", o => o.Count(x => x == "ok") >= 12, "12 replies through the relay");
        int farBefore = WaitForLog(logs, "far", o => o.Contains("ok"), "the far host answering");
        _lab.SetLink(far, farLink, up: false);
        int pulled = WaitForLog(logs, "far", o => o.Skip(farBefore).Count(x => x == "timeout") >= 2, "the far host timing out");
        _lab.SetLink(far, farLink, up: true);
        WaitForLog(logs, "far", o => o.Skip(pulled).Count(x => x == "ok") >= 2, "the far host back");
        int beforeFreeze = WaitForLog(logs, "loop", _ => true, "");
        relay.Freeze(true);
        int frozen = WaitForLog(logs, "loop", o => o.Skip(beforeFreeze).Contains("relay-timeout"), "relay timeouts while sshd is frozen");
        relay.Freeze(false);
        int thawed = WaitForLog(logs, "loop", o => o.Skip(frozen).Count(x => x == "ok") >= 2, "replies after the thaw");
        relay.Kill();
        int killed = WaitForLog(logs, "loop", o => o.Skip(thawed).Contains("relay-failed"), "relay failures while sshd is down");
        relay.Start();
        WaitForLog(logs, "loop", o => o.Skip(killed).Count(x => x == "ok") >= 4, "replies after sshd is back");
        WaitForLog(logs, "far", o => o[^1] == "ok", "the far host answering through the new session");
        Shell.Run("kill", "-TERM", $"{deadman.Id}");
        Assert.True(deadman.WaitForExit(30_000), "deadman did not stop");

        // Then
        string[] loop = Outcomes(logs, "loop");
        string[] farOutcomes = Outcomes(logs, "far");
        string trace = $"loop: {string.Join(' ', loop)}\nfar: {string.Join(' ', farOutcomes)}";
        output.WriteLine(trace);
        Assert.True(loop.Take(12).Count(o => o == "ok") >= 8, trace);
        Assert.Contains("timeout", farOutcomes.Skip(farBefore));
        Assert.DoesNotContain("timeout", loop);
        Assert.Contains("relay-timeout", loop);
        Assert.Contains("relay-failed", loop);
        int failed = Array.LastIndexOf(loop, "relay-failed");
        Assert.True(loop.Skip(failed).Count(o => o == "ok") >= 4, $"no recovery after the relay came back\n{trace}");
        Assert.Equal("ok", farOutcomes[^1]);
    }

    [Fact]
    public void Should_end_the_ssh_session_while_paused_and_start_it_again_When_the_operator_presses_p_twice()
    {
        // Given: the full screen in tmux, pinging loopback through a relay (sshd in a namespace)
        string noc = _lab.AddNamespace("r");
        using var relay = new SshRelayHost(noc, _directory);
        string logs = Path.Combine(_directory, "logs");
        string config = Path.Combine(_directory, "pause.conf");
        File.WriteAllText(config, $"loop 127.0.0.1 relay=127.0.0.1 user=root key={relay.ClientKey}\n");
        using var tmux = new Terminal.TmuxSession(100, 12, $"ip netns exec {noc} env LANG=C.UTF-8 {s_deadman} -i 250ms --ssh-config {relay.SshConfig} -l {logs} {config}");
        try
        {
            WaitForLog(logs, "loop", o => o.Count(x => x == "ok") >= 4, "4 replies through the relay");
            int pid = Lab.DeadmanProcess.PidOf(config);
            Assert.True(SshChildren(pid) > 0, "no ssh session to the relay");

            // When: paused
            tmux.SendKeys("p");

            // Then: the session ends, and the log stops growing (beyond a round already under way)
            Assert.True(SpinWait.SpinUntil(() => SshChildren(pid) == 0, TimeSpan.FromSeconds(15)), "ssh still runs while paused");
            int paused = WaitForLog(logs, "loop", _ => true, "");
            tmux.WaitFor(s => s.Contains("PAUSED", StringComparison.Ordinal), what: "the pause shown");
            Thread.Sleep(TimeSpan.FromSeconds(2)); // eight intervals in which nothing may happen
            Assert.InRange(Outcomes(logs, "loop").Length, paused, paused + 1);
            Assert.Equal(0, SshChildren(pid));

            // When: resumed, replies come through a new session
            tmux.SendKeys("p");
            WaitForLog(logs, "loop", o => o.Skip(paused + 1).Count(x => x == "ok") >= 4, "replies after resuming");
            Assert.True(SshChildren(pid) > 0, "no ssh session after resuming");
            Assert.DoesNotContain("relay-failed", Outcomes(logs, "loop"));
        }
        finally
        {
            Shell.RunChecked(["pkill", "-TERM", "-f", config]);
        }
    }

    private static int SshChildren(int pid) =>
        Shell.RunChecked(["pgrep", "-P", $"{pid}", "-x", "ssh"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void Should_hand_option_values_to_ssh_as_plain_arguments_When_they_hold_shell_syntax()
    {
        // Given: a working relay, and lines whose user, key and os try to run commands here or on the relay
        string noc = _lab.AddNamespace("r");
        using var relay = new SshRelayHost(noc, _directory);
        // A path made for this run: it cannot exist before, so its absence afterwards proves nothing ran.
        string marker = Path.Combine(_directory, $"pwned-{Guid.NewGuid():N}");
        Assert.False(File.Exists(marker));
        string config = Path.Combine(_directory, "hostile.conf");
        File.WriteAllText(config, $"""
            sub    127.0.0.1   relay=127.0.0.1 user="$(touch {marker})" key={relay.ClientKey}
            tick   127.0.0.1   relay=127.0.0.1 user=root key="`touch {marker}`;touch {marker}"
            semi   127.0.0.1   relay=127.0.0.1 user="root;touch {marker}" key={relay.ClientKey}
            good   127.0.0.1   relay=127.0.0.1 user=root key={relay.ClientKey}

            """);

        // When
        var (_, report, error) = Shell.RunChecked(["ip", "netns", "exec", noc, s_deadman, "--count", "8", "-i", "250ms", "--ssh-config", relay.SshConfig, config],
                                                  limit: TimeSpan.FromSeconds(60));

        // Then: ssh got the odd user names and key path as they are, and refused them; nothing ran
        output.WriteLine(report + error);
        Assert.False(File.Exists(marker), "a command in an option value ran");
        string[] lines = report.Split('\n');
        Assert.Matches(@"^sub .*down.*relay 127\.0\.0\.1: remote username contains invalid characters", lines.Single(l => l.StartsWith("sub ", StringComparison.Ordinal)));
        Assert.Matches(@"^tick .*down.*relay 127\.0\.0\.1: root@127\.0\.0\.1: Permission denied", lines.Single(l => l.StartsWith("tick ", StringComparison.Ordinal)));
        Assert.Matches(@"^semi .*down.*remote username contains invalid characters", lines.Single(l => l.StartsWith("semi ", StringComparison.Ordinal)));
        Assert.DoesNotContain("`touch", report, StringComparison.Ordinal); // key paths are masked, even in ssh's complaints
        Assert.DoesNotContain(relay.ClientKey, report, StringComparison.Ordinal);
        Assert.Matches(@"^good .*\bup\b", lines.Single(l => l.StartsWith("good ", StringComparison.Ordinal)));

        // And an os= that tries the same is refused by the file reader, before anything runs
        string osConfig = Path.Combine(_directory, "hostile-os.conf");
        File.WriteAllText(osConfig, $"os 127.0.0.1 relay=127.0.0.1 user=root key={relay.ClientKey} os=\"Linux;touch {marker}\"\n");
        var (exit, _, refused) = Shell.RunChecked(["ip", "netns", "exec", noc, s_deadman, "--count", "2", "--ssh-config", relay.SshConfig, osConfig]);
        Assert.Equal(2, exit);
        Assert.Contains("hostile-os.conf:1:", refused, StringComparison.Ordinal);
        Assert.Contains("unsupported (Linux, or a BSD or macOS)", refused, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "a command in os= ran");
    }

    // The fifth field of each line of deadman's log for a host: ok, timeout, relay-failed …
    private static string[] Outcomes(string logs, string host)
    {
        string path = Path.Combine(logs, host);
        return File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(' ')[^1])] : [];
    }

    /// <summary>Polls a host's log (bounded) until its outcomes satisfy <paramref name="condition"/>; returns how many there were.</summary>
    private static int WaitForLog(string logs, string host, Func<string[], bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        string[] outcomes = Outcomes(logs, host);
        while (outcomes.Length == 0 || !condition(outcomes))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"never saw {what} in {host}'s log: {string.Join(' ', outcomes)}");
            Thread.Sleep(100);
            outcomes = Outcomes(logs, host);
        }

        return outcomes.Length;
    }

    public void Dispose()
    {
        _processes.Dispose();
        _lab.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
