using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeadMan.IntegrationTests.Lab;
using static DeadMan.IntegrationTests.Terminal.ScreenText;

namespace DeadMan.IntegrationTests.Terminal;

/// <summary>
/// Issue 35 in a real terminal (tmux): an operator acknowledges a dead host with a and a note; its row dims and is
/// marked, the counts put it apart, the bell stays quiet for it and rings for another; the acknowledgement outlives
/// a restart (state file) and A withdraws it; a damaged state file is refused while the monitor runs.
/// </summary>
public sealed partial class AcknowledgementScreenTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly TwoHosts _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-ack-").FullName;
    private readonly string _far;

    public AcknowledgementScreenTests()
    {
        // Two access points behind one link, each made silent on its own by nftables in their namespace.
        _far = _hosts.Lab.AddNamespace("f");
        (_, string farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", _far, "198.18.1.2/24");
        _hosts.Lab.Exec(_far, "ip", "addr", "add", "198.18.1.3/24", "dev", farLink);
        _hosts.Lab.Exec(_far, "nft", "add table inet dmf");
        _hosts.Lab.Exec(_far, "nft", "add chain inet dmf input { type filter hook input priority 0 ; }");
        File.WriteAllText(Config, $"alive {TwoHosts.TargetAddress}\nap-a 198.18.1.2\nap-b 198.18.1.3\n");
    }

    private string Config => Path.Combine(_directory, "deadman.conf");

    private string StateDirectory => Path.Combine(_directory, "state");

    private void Silence(string address) => _hosts.Lab.Exec(_far, "nft", "add rule inet dmf input ip daddr " + address + " icmp type echo-request drop");

    private TmuxSession Watch(string output) => new(110, 14,
        $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 USER=noc {s_deadman} --bell -i 200ms -t 300ms --state-dir {StateDirectory} -l {_directory} {Config} 2>{output}.err; echo DEADMAN-EXITED; sleep 60");

    [Fact]
    public void Should_dim_mark_count_apart_and_not_ring_for_a_known_problem_keep_it_over_a_restart_and_withdraw_it_with_A()
    {
        // Given: three hosts answering, the terminal's output recorded
        string recording = Path.Combine(_directory, "first.out");
        using (var tmux = Watch(recording))
        {
            tmux.Record(recording);
            tmux.WaitFor(s => Row(s, "ap-b").Contains("▁▁▁", StringComparison.Ordinal), what: "replies");

            // When: ap-a goes silent (one bell), and the operator acknowledges it: a, a note, Enter, Enter (until up)
            Silence("198.18.1.2");
            tmux.WaitFor(s => Red().IsMatch(Before(Row(s, "ap-a"), "ap-a")), escapes: true, what: "ap-a red");
            Assert.Equal(1, Bells(recording));
            Acknowledge(tmux, "ap-a", "AP swap, 会議室", "Enter", "Down", "Down");

            // Then: a dimmed red row, marked and saying why; counted apart in the header and the title
            string known = tmux.WaitFor(s => Row(s, "ap-a").Contains("known: AP swap, 会議室", StringComparison.Ordinal), what: "the known row");
            Assert.StartsWith("✓", Row(known, "ap-a"), StringComparison.Ordinal);
            Assert.Contains("▼ 0 down ✓ 1 known", known, StringComparison.Ordinal);
            string colours = tmux.Capture(escapes: true);
            Assert.Matches(Dim(), Before(Row(colours, "ap-a"), "ap-a"));
            Assert.DoesNotMatch(Bold(), Before(Row(colours, "ap-a"), "ap-a"));
            Assert.Equal($"deadman: 1 known, 2 up — {Environment.MachineName}", tmux.Format("#{pane_title}"));

            // When: ap-b goes silent too
            Silence("198.18.1.3");
            tmux.WaitFor(s => Red().IsMatch(Before(Row(s, "ap-b"), "ap-b")) && Bold().IsMatch(Before(Row(s, "ap-b"), "ap-b")), escapes: true, what: "ap-b bold red");

            // Then: the bell rang for it, the news, and the title puts it first
            Assert.Equal(2, Bells(recording));
            Assert.Equal($"deadman: 1 down, 1 known, 1 up — {Environment.MachineName}", tmux.Format("#{pane_title}"));
            tmux.SendKeys("q");
            tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "deadman quitting");
        }

        // and the state file and the event log say who acknowledged what
        using (JsonDocument saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "acknowledgements.json"))))
        {
            JsonElement entry = saved.RootElement.GetProperty("acknowledgements")[0];
            Assert.Equal(("ap-a", "noc@" + Environment.MachineName, "AP swap, 会議室"), (entry.GetProperty("host").GetString(), entry.GetProperty("by").GetString(), entry.GetProperty("note").GetString()));
        }

        // When: deadman starts again, both still silent
        string second = Path.Combine(_directory, "second.out");
        using (var tmux = Watch(second))
        {
            tmux.Record(second);

            // Then: ap-a is known from its first failure (no bell for it); ap-b rings
            string screen = tmux.WaitFor(s => Row(s, "ap-a").Contains("known: AP swap", StringComparison.Ordinal) && Row(s, "ap-b").Contains('X', StringComparison.Ordinal), what: "ap-a known again");
            Assert.Contains("▼ 1 down ✓ 1 known", screen, StringComparison.Ordinal);
            Assert.True(SpinWait.SpinUntil(() => Bells(second) == 1, TimeSpan.FromSeconds(5)), $"{Bells(second)} bells after the restart");

            // When: A on ap-a
            tmux.SendKeys("Down", "Down", "A");

            // Then: red and bold again, counted as down
            tmux.WaitFor(s => Bold().IsMatch(Before(Row(s, "ap-a"), "ap-a")) && Red().IsMatch(Before(Row(s, "ap-a"), "ap-a")), escapes: true, what: "ap-a red again");
            tmux.WaitFor(s => s.Contains("▼ 2 down", StringComparison.Ordinal), what: "two down");
            Assert.Equal($"deadman: 2 down, 1 up — {Environment.MachineName}", tmux.Format("#{pane_title}"));
            tmux.SendKeys("q");
            tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "deadman quitting");
        }

        string[] events = [.. File.ReadAllLines(Path.Combine(_directory, "deadman-events.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString()!.StartsWith("acknowledg", StringComparison.Ordinal))
            .Select(e => $"{e.GetProperty("event").GetString()} {e.GetProperty("name").GetString()} {e.GetProperty("by").GetString()} {(e.TryGetProperty("ended", out JsonElement ended) ? ended.GetString() : "")}".Trim())];
        Assert.Equal([$"acknowledged ap-a noc@{Environment.MachineName}", $"acknowledgement_ended ap-a noc@{Environment.MachineName} withdrawn by noc@{Environment.MachineName}"], events);
        Assert.Empty(JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "acknowledgements.json"))).RootElement.GetProperty("acknowledgements").EnumerateArray());
    }

    [Fact]
    public void Should_refuse_a_damaged_state_file_with_its_line_and_keep_monitoring()
    {
        // Given: a state file cut short
        Directory.CreateDirectory(StateDirectory);
        File.WriteAllText(Path.Combine(StateDirectory, "acknowledgements.json"), "{\n  \"acknowledgements\": [\n    {\n      \"host\": \"ap-a\",\n");

        // When
        string output = Path.Combine(_directory, "refused.out");
        using var tmux = Watch(output);

        // Then: the status line names the file and the line; the hosts are watched all the same
        string screen = tmux.WaitFor(s => Row(s, "ap-b").Contains("▁▁▁", StringComparison.Ordinal), what: "replies");
        Assert.Contains("acknowledgements.json:5: not a whole acknowledgements file", screen, StringComparison.Ordinal);
        tmux.SendKeys("q");
        tmux.WaitFor(s => s.Contains("DEADMAN-EXITED", StringComparison.Ordinal), what: "deadman quitting");
        Assert.Contains($"{Path.Combine(StateDirectory, "acknowledgements.json")}:5: not a whole acknowledgements file", File.ReadAllText(output + ".err"), StringComparison.Ordinal);
    }

    // Bells the program rang: BEL bytes that do not end a title (OSC 2 ... BEL).
    private static int Bells(string recording)
    {
        string written = File.Exists(recording) ? Encoding.UTF8.GetString(File.ReadAllBytes(recording)) : "";
        return Osc().Replace(written, "").Count(c => c == '\a');
    }

    [GeneratedRegex(@"\e\][^\a\e]*(?:\a|\e\\)")]
    private static partial Regex Osc();

    public void Dispose()
    {
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
