using DeadMan.IntegrationTests.Lab;
using static DeadMan.IntegrationTests.Terminal.ScreenText;

namespace DeadMan.IntegrationTests.Terminal;

/// <summary>deadman's full screen in a real terminal (tmux), watching namespace hosts, one of which loses its link.</summary>
public sealed class FullScreenTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly TwoHosts _hosts = new();
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");

    [Fact]
    public void Should_show_green_rows_a_red_row_for_a_dead_host_survive_a_resize_and_restore_the_shell_When_run_in_tmux()
    {
        // Given: two hosts, each behind its own link
        string far = _hosts.Lab.AddNamespace("f");
        (_, string farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", far, "198.18.1.2/24");
        File.WriteAllText(_config, $"--- lab\nalive {TwoHosts.TargetAddress}\ncable 198.18.1.2\n");
        string run = $"echo SHELL-BEFORE; ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} --bell -i 200ms -t 300ms {_config}; echo DEADMAN-EXITED; sleep 60";
        using var tmux = new TmuxSession(100, 20, run);

        // When the monitor runs, both rows fill with green replies
        string screen = tmux.WaitFor(s => Row(s, "alive").Contains("▁▁▁", StringComparison.Ordinal) && Row(s, "cable").Contains("▁▁▁", StringComparison.Ordinal), what: "replies from both hosts");
        Assert.Contains("HOSTNAME", screen, StringComparison.Ordinal);
        Assert.Matches(Green(), Row(tmux.Capture(escapes: true), "alive"));
        Assert.Equal("0", tmux.Format("#{window_bell_flag}"));

        // and the far host's cable is pulled: its whole row turns bold red
        _hosts.Lab.SetLink(far, farLink, up: false);
        string colours = tmux.WaitFor(s => Bold().IsMatch(Before(Row(s, "cable"), "cable")) && Red().IsMatch(Before(Row(s, "cable"), "cable")), escapes: true, what: "a bold red row for the dead host");
        Assert.DoesNotMatch(Red(), Before(Row(colours, "alive"), "alive"));
        Assert.Contains("▲ 1 up ▼ 1 down", tmux.Capture(), StringComparison.Ordinal);
        Assert.Equal("1", tmux.Format("#{window_bell_flag}")); // --bell: tmux turns it into its alert
        Assert.Equal($"deadman: 1 down, 1 up — {Environment.MachineName}", tmux.Format("#{pane_title}")); // issue 13: OSC 2

        // When the terminal shrinks, the table is laid out again for 50 columns
        tmux.Resize(50, 12);
        screen = tmux.WaitFor(s => s.Contains("HOSTNAME", StringComparison.Ordinal) && !s.Contains("ADDRESS", StringComparison.Ordinal), what: "the narrow layout");
        Assert.All(screen.Split('\n'), line => Assert.True(Core.Text.DisplayWidth.Of(line) <= 50, line));

        // Then q gives the shell back as it was
        tmux.SendKeys("q");
        screen = tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "the shell after quitting");
        Assert.Contains("SHELL-BEFORE", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("HOSTNAME", screen, StringComparison.Ordinal);
        Assert.Equal(Environment.MachineName, tmux.Format("#{pane_title}"));
    }

    [Fact]
    public void Should_turn_a_silent_host_red_and_plain_again_counting_its_confirmation_echoes_When_run_at_the_defaults()
    {
        // Given: deadman at its defaults (1 s interval and timeout) watching a host that has answered long enough for
        // its RTT to be known
        File.WriteAllText(_config, $"lan {TwoHosts.TargetAddress}\n");
        using var tmux = new TmuxSession(100, 20, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} {_config}; echo DEADMAN-EXITED; sleep 60");
        tmux.WaitFor(s => Row(s, "lan").Contains("▁▁▁▁▁▁", StringComparison.Ordinal), what: "six replies");

        // When: its echo requests are dropped (nftables in its namespace), the row turns red
        _hosts.Lab.Exec(_hosts.Target, "nft", "add table inet dmf");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add chain inet dmf input { type filter hook input priority 0 ; }");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add rule inet dmf input icmp type echo-request drop");
        tmux.WaitFor(s => Red().IsMatch(Before(Row(s, "lan"), "lan")), escapes: true, what: "a red row for the silent host");

        // and when it answers again, plain
        _hosts.Lab.Exec(_hosts.Target, "nft", "flush chain inet dmf input");
        tmux.WaitFor(s => Row(s, "lan").Length > 0 && !Red().IsMatch(Before(Row(s, "lan"), "lan")), escapes: true, what: "the row plain again");

        // Then: its detail counts the confirmation echoes apart from the rounds sent
        tmux.SendKeys("Down", "Enter");
        string detail = tmux.WaitFor(s => s.Contains("lan · UP", StringComparison.Ordinal) && s.Contains("confirmation echoes", StringComparison.Ordinal), what: "the detail with its confirmation echoes");
        Assert.Matches(@"sent \d+, received \d+, loss [0-9.]+%, [2-9]\d* confirmation echoes", detail);
    }

    [Fact]
    public void Should_name_the_address_and_interface_probes_leave_from_When_showing_the_header()
    {
        // Given: the client's default route goes out of its link to the target (inside the test's namespaces)
        _hosts.Lab.Exec(_hosts.Client, "ip", "route", "add", "default", "via", TwoHosts.TargetAddress);
        File.WriteAllText(_config, $"alive {TwoHosts.TargetAddress}\n");
        using var tmux = new TmuxSession(120, 12, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} -i 200ms {_config}; sleep 60");

        // When
        string screen = tmux.WaitFor(s => Row(s, "alive").Contains("▁▁", StringComparison.Ordinal), what: "the host answering");

        // Then: not what the host name resolves to (127.0.1.1 on Debian), but where probes leave from
        Assert.Contains($"From: {Environment.MachineName} ({TwoHosts.ClientAddress} on {_hosts.ClientLink})", screen, StringComparison.Ordinal);
        tmux.SendKeys("q");
    }

    [Fact]
    public void Should_close_help_and_events_and_keep_watching_When_q_or_escape_is_pressed_over_them()
    {
        // Given: an 80-column screen, where the key hint used to stop before (?)help
        File.WriteAllText(_config, $"alive {TwoHosts.TargetAddress}\n");
        using var tmux = new TmuxSession(80, 24, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} -i 200ms {_config}; echo DEADMAN-EXITED; sleep 60");
        string screen = tmux.WaitFor(s => Row(s, "alive").Contains("▁▁", StringComparison.Ordinal), what: "the host answering");
        Assert.Contains("Keys: (?)help (q)uit", screen, StringComparison.Ordinal);

        // When: help, then q; the events pane, then Esc
        tmux.SendKeys("?");
        tmux.WaitFor(s => s.Contains("Keys", StringComparison.Ordinal) && s.Contains("reset statistics", StringComparison.OrdinalIgnoreCase), what: "the help");
        tmux.SendKeys("q");
        screen = tmux.WaitFor(s => !s.Contains("reset statistics", StringComparison.OrdinalIgnoreCase), what: "the help closed");
        Assert.Contains("HOSTNAME", screen, StringComparison.Ordinal);
        tmux.SendKeys("e");
        tmux.WaitFor(s => s.Contains("Events none yet, e closes", StringComparison.Ordinal), what: "the events pane");
        tmux.SendKeys("Escape");
        screen = tmux.WaitFor(s => !s.Contains("e closes", StringComparison.Ordinal), what: "the events pane closed");

        // Then: still watching; q on the table itself quits
        Assert.DoesNotContain("DEADMAN-EXITED", screen, StringComparison.Ordinal);
        tmux.SendKeys("q");
        tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "the shell after quitting");
    }

    [Fact]
    public void Should_leave_the_terminal_title_and_mouse_alone_When_started_with_no_title_and_no_mouse()
    {
        // Given: a title of the operator's own
        File.WriteAllText(_config, $"alive {TwoHosts.TargetAddress}\n");
        using var tmux = new TmuxSession(90, 12, $"printf '\\033]2;my-noc-pane\\007'; ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} --no-title --no-mouse -i 200ms {_config}; sleep 60");

        // When
        tmux.WaitFor(s => Row(s, "alive").Contains("▁▁", StringComparison.Ordinal), what: "the host answering");

        // Then: tmux keeps its own selection: no mouse reporting asked for
        Assert.Equal("my-noc-pane", tmux.Format("#{pane_title}"));
        Assert.Equal("0", tmux.Format("#{mouse_any_flag}"));
        tmux.SendKeys("q");
    }

    [Fact]
    public void Should_open_a_clicked_host_with_its_failures_in_words_and_ask_before_quitting_When_on_a_stage_screen()
    {
        // Given: a stage screen watching a host that answers and one whose cable is out
        string far = _hosts.Lab.AddNamespace("f");
        (_, string farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", far, "198.18.1.2/24");
        _hosts.Lab.SetLink(far, farLink, up: false);
        File.WriteAllText(_config, $"alive {TwoHosts.TargetAddress}\ncable 198.18.1.2\n");
        using var tmux = new TmuxSession(100, 20, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} --stage -i 200ms -t 300ms {_config}; echo DEADMAN-EXITED; sleep 60");
        string screen = tmux.WaitFor(s => Row(s, "cable").Contains("XX", StringComparison.Ordinal), what: "the dead host's misses");
        Assert.Equal("1", tmux.Format("#{mouse_sgr_flag}"));

        // When: a click on the dead host's row, as xterm reports it (SGR, counted from 1)
        int y = screen.Split('\n').ToList().FindIndex(l => l.Contains("cable", StringComparison.Ordinal));
        tmux.SendKeys(["-H", .. $"\u001b[<0;6;{y + 1}M\u001b[<0;6;{y + 1}m".Select(c => ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture))]);

        // Then: its detail, failures said in words
        screen = tmux.WaitFor(s => s.Contains("cable · DOWN", StringComparison.Ordinal) && s.Contains("no reply", StringComparison.Ordinal), what: "the dead host's detail");
        Assert.Contains("Latest results, newest first", screen, StringComparison.Ordinal);
        Assert.Contains("198.18.1.2", screen, StringComparison.Ordinal);

        // When: q closes the detail; down arrow and Enter open the next host by keys
        tmux.SendKeys("q");
        tmux.WaitFor(s => s.Contains("HOSTNAME", StringComparison.Ordinal), what: "the table again");
        tmux.SendKeys("Up", "Enter");
        tmux.WaitFor(s => s.Contains("alive · UP", StringComparison.Ordinal), what: "the detail of the host above");
        tmux.SendKeys("Escape");
        tmux.WaitFor(s => s.Contains("HOSTNAME", StringComparison.Ordinal), what: "the table again");

        // Then: on a stage screen q asks, a stray key stays, y quits and the mouse is given back
        tmux.SendKeys("q");
        tmux.WaitFor(s => s.Contains("Quit deadman? y quits", StringComparison.Ordinal), what: "the question");
        tmux.SendKeys("x");
        screen = tmux.WaitFor(s => !s.Contains("Quit deadman?", StringComparison.Ordinal), what: "the question withdrawn");
        Assert.DoesNotContain("DEADMAN-EXITED", screen, StringComparison.Ordinal);
        tmux.SendKeys("q", "y");
        tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "the shell after quitting");
        Assert.Equal("0", tmux.Format("#{mouse_any_flag}"));
    }

    [Theory]
    [InlineData("xterm-256color")]
    [InlineData("screen")]
    [InlineData("tmux-256color")]
    [InlineData("linux")]
    public void Should_draw_and_quit_cleanly_When_the_terminal_type_is(string term)
    {
        // Given: the loopback sample, under each terminal type an operator is likely to have
        string sample = Path.Combine(RepositoryRoot(), "deadman.conf.sample");
        using var tmux = new TmuxSession(90, 14, $"echo SHELL-BEFORE; env TERM={term} LANG=C.UTF-8 {s_deadman} {sample}; echo DEADMAN-EXITED; sleep 60");

        // When
        string screen = tmux.WaitFor(s => Row(s, "localhost-v4").Contains("▁▁", StringComparison.Ordinal), what: $"replies under TERM={term}");
        tmux.SendKeys("j", "End", "Home", "q");

        // Then
        Assert.Contains("HOSTNAME", screen, StringComparison.Ordinal);
        screen = tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "the shell after quitting");
        Assert.DoesNotContain("HOSTNAME", screen, StringComparison.Ordinal);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [Fact]
    public void Should_write_its_stop_event_and_exit_When_the_terminal_hangs_up()
    {
        // Given: the full screen with logs, as from an SSH session
        string logs = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.WriteAllText(_config, $"alive {TwoHosts.TargetAddress}\n");
        var tmux = new TmuxSession(90, 12, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 {s_deadman} -i 200ms -l {logs} {_config}");
        try
        {
            tmux.WaitFor(s => Row(s, "alive").Contains("▁▁", StringComparison.Ordinal), what: "the host answering");
            int pid = DeadmanProcess.PidOf(_config);

            // When the terminal goes away (the SSH session drops: the pty closes and SIGHUP arrives)
            tmux.Dispose();

            // Then deadman ends in order: the event log closes with "stop", and the process is gone
            string events = Path.Combine(logs, "deadman-events.jsonl");
            Assert.True(SpinWait.SpinUntil(() => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(15)), "deadman kept running after its terminal hung up");
            Assert.Contains("\"event\":\"stop\"", File.ReadAllLines(events)[^1], StringComparison.Ordinal);
        }
        finally
        {
            tmux.Dispose();
            Shell.RunChecked(["pkill", "-KILL", "-f", _config]);
            if (Directory.Exists(logs))
            {
                Directory.Delete(logs, recursive: true);
            }
        }
    }

    public void Dispose()
    {
        _hosts.Dispose();
        File.Delete(_config);
    }
}
