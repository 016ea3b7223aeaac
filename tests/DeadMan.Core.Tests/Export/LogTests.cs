using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Export;

public sealed class LogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"deadman-logs-{Guid.NewGuid():N}");
    private readonly List<string> _reports = [];

    private static readonly JsonDocumentOptions s_strict = new() { AllowDuplicateProperties = false };

    private LogAppender Appender(string? directory = null) => new(directory ?? _directory, message =>
    {
        lock (_reports)
        {
            _reports.Add(message);
        }
    });

    private static TargetView View(string config, params ProbeResult[] results)
    {
        var state = new TargetState(0, ConfigParser.Parse(config, "t.conf").Targets.Single(), 16, null, DateTimeOffset.UnixEpoch);
        for (int round = 0; round < results.Length; round++)
        {
            state.Apply(round, results[round], DateTimeOffset.UnixEpoch);
        }

        return state.View;
    }

    private static ProbeRecord Record(TargetView target, ProbeResult result, DateTimeOffset at) => new(target.Spec, target.Sent, target.Rtt, 0, result, at);

    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    [InlineData(15L)]
    [InlineData(520L)]
    [InlineData(12_345L)]
    [InlineData(120_000L)]
    [InlineData(9_999_995L)]
    [InlineData(30_000_000_001L)]
    public void Should_print_milliseconds_as_deadman_does_When_rtts_have_any_number_of_ticks(long ticks)
    {
        // Given: the same RTT on three rounds, so the average is that RTT too, a second and a microsecond apart
        TimeSpan rtt = TimeSpan.FromTicks(ticks);
        ProbeResult reply = ProbeResult.Reply(rtt, 64);
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC-3", TimeSpan.FromHours(-3), "UTC-3", "UTC-3");
        var first = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990);

        // When
        using (LogAppender appender = Appender())
        {
            var log = new DeadmanLog(appender, zone);
            log.Record(Record(View("h 192.0.2.1", reply, reply, reply), reply, first));
            log.Record(Record(View("h 192.0.2.1", reply, reply, reply), reply, first.AddTicks(10)));
        }

        // Then: Python's datetime and the "0.###" of a double, as the lines always had
        string ms = rtt.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            [$"2026-12-31 20:59:59.999999 {ms} {ms} 3 ok", $"2026-12-31 21:00:00.000000 {ms} {ms} 3 ok"],
            File.ReadAllLines(Path.Combine(_directory, "h")));
    }

    [Fact]
    public void Should_write_deadman_lines_to_a_file_per_host_When_names_have_slashes_spaces_and_japanese()
    {
        // Given
        var zone = TimeZoneInfo.CreateCustomTimeZone("JST", TimeSpan.FromHours(9), "JST", "JST");
        var at = new DateTimeOffset(2026, 11, 22, 3, 4, 5, 678, TimeSpan.Zero);

        // When
        using (LogAppender appender = Appender())
        {
            var log = new DeadmanLog(appender, zone);
            log.Record(Record(View("\"core/sw 1\" 192.0.2.1", ProbeResult.Reply(TimeSpan.FromMilliseconds(1.5), 64)), ProbeResult.Reply(TimeSpan.FromMilliseconds(1.5), 64), at));
            log.Record(Record(View("会議室 192.0.2.2", ProbeResult.Timeout()), ProbeResult.Timeout(), at));
        }

        // Then
        Assert.Equal(["2026-11-22 12:04:05.678000 1.5 1.5 1 ok"], File.ReadAllLines(Path.Combine(_directory, "core%2Fsw 1")));
        Assert.Equal(["2026-11-22 12:04:05.678000 0 0 1 timeout"], File.ReadAllLines(Path.Combine(_directory, "会議室")));
    }

    [Fact]
    public void Should_append_and_be_readable_line_by_line_When_running()
    {
        // Given: an earlier run's file
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "h"), "earlier\n");
        using LogAppender appender = Appender();

        // When
        appender.Append("h", "now");

        // Then: flushed per line, so another reader sees it while the appender still runs
        Assert.True(SpinWait.SpinUntil(() => File.ReadAllText(Path.Combine(_directory, "h")) == "earlier\nnow\n", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Should_report_once_and_catch_up_When_the_directory_cannot_be_written_for_a_while()
    {
        // Given: a plain file where the directory should be (root is not stopped by permissions; this stops anyone)
        File.WriteAllText(_directory, "in the way");
        using LogAppender appender = Appender();

        // When
        appender.Append("h", "one");
        appender.Append("h", "two");
        Assert.True(SpinWait.SpinUntil(() => { lock (_reports) { return _reports.Count == 1; } }, TimeSpan.FromSeconds(5)));
        File.Delete(_directory);

        // Then: the waiting lines are written once it works again, and that is said too
        Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(_directory, "h")) && File.ReadAllLines(Path.Combine(_directory, "h")).Length == 2, TimeSpan.FromSeconds(10)));
        lock (_reports)
        {
            Assert.StartsWith("cannot write logs to", _reports[0], StringComparison.Ordinal);
            Assert.StartsWith("logging to", _reports[1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_write_one_json_object_per_line_with_iso_times_When_events_happen()
    {
        // Given
        var clock = new FakeTimeProvider();
        TargetView down = View("core-sw 192.0.2.1", ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable from 192.0.2.254"));

        // When
        using (LogAppender appender = Appender())
        {
            var events = new EventLog(appender, clock);
            events.Started(3, "0.1.0");
            events.StateChanged(new StateChange(down, TargetStatus.Up, TargetStatus.Down, clock.GetUtcNow(), 1));
            events.ReloadFailed("lab.conf:3:9: invalid IPv4 address '10.0.0.256'");
            events.Reloaded(4);
            events.AgentChanged(new AgentChange(clock.GetUtcNow(), "core-sw", "192.0.2.1:161", AgentChangeKind.StoppedAnswering, "no response from 192.0.2.1:161"));
            events.AgentChanged(new AgentChange(clock.GetUtcNow(), "core-sw", "192.0.2.1:161", AgentChangeKind.Answering, null));
            events.AgentChanged(new AgentChange(clock.GetUtcNow(), "core-sw", "192.0.2.1:161", AgentChangeKind.Restarted, "sysUpTime went back"));
            events.Alert(new Core.Alerts.AlertOutcome("exec page", "down", 3, true, "exit 0"));
            events.Alert(new Core.Alerts.AlertOutcome("webhook http://127.0.0.1/…", "recovered", 1, false, "HTTP 500"));
            events.PathMtuChanged(new PathMtuChange(down, 1500, 1400, clock.GetUtcNow()));
            events.Stopped();
        }

        // Then: every line one object whose keys are each there once (jq keeps the last of two "event"s, issue 30)
        string[] lines = File.ReadAllLines(Path.Combine(_directory, EventLog.FileName));
        var objects = lines.Select(l => JsonDocument.Parse(l, s_strict).RootElement).ToList();
        Assert.Equal(["start", "down", "reload_failed", "reload", "snmp_agent_down", "snmp_agent_up", "snmp_agent_restarted", "alert", "alert_failed", "path_mtu", "stop"],
                     objects.Select(o => o.GetProperty("event").GetString()));
        Assert.Equal(["down", "recovered"], objects.Where(o => o.TryGetProperty("notification", out _)).Select(o => o.GetProperty("notification").GetString()));
        Assert.Equal("exec page", objects[7].GetProperty("route").GetString());
        Assert.Equal(3, objects[7].GetProperty("hosts").GetInt32());
        Assert.All(objects, o => Assert.True(DateTimeOffset.TryParse(o.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)));
        Assert.Equal("host unreachable from 192.0.2.254", objects[1].GetProperty("detail").GetString());
        Assert.Equal("up", objects[1].GetProperty("from").GetString());
        Assert.Equal("192.0.2.1:161", objects[4].GetProperty("agent").GetString());
        Assert.Equal("no response from 192.0.2.1:161", objects[4].GetProperty("detail").GetString());
        Assert.Equal(("core-sw", 1500, 1400), (objects[9].GetProperty("name").GetString(), objects[9].GetProperty("from").GetInt32(), objects[9].GetProperty("to").GetInt32()));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("..", "%2E.")]
    [InlineData("100%", "100%25")]
    [InlineData("ap-4f-会議室 A", "ap-4f-会議室 A")]
    [InlineData("deadman-events.jsonl", "%64eadman-events.jsonl")]
    [InlineData("deadman-events.jsonl.old", "deadman-events.jsonl.old")]
    public void Should_make_a_safe_file_name_When_a_host_name_has_odd_characters(string name, string file)
    {
        Assert.Equal(file, DeadmanLog.FileName(name));
    }

    [Fact]
    public void Should_name_a_file_that_fits_and_differs_When_host_names_are_over_255_bytes()
    {
        // Given: 262 bytes of UTF-8, and another that differs only past the cut (issue 30)
        string meeting = string.Concat(Enumerable.Repeat("会議室", 29));

        // When
        string a = DeadmanLog.FileName(meeting + "A");
        string b = DeadmanLog.FileName(meeting + "B");

        // Then: both fit, keep what can be read of the name, and are two files
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(a), 200, DeadmanLog.MaxFileNameBytes);
        Assert.StartsWith("会議室会議室", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Equal(a, DeadmanLog.FileName(meeting + "A"));
    }

    [Fact]
    public void Should_keep_logging_everything_else_When_a_host_name_is_too_long_or_names_the_event_log()
    {
        // Given: the names that stopped all logging, and one that would have written into the event log (issue 30)
        string meeting = string.Concat(Enumerable.Repeat("会議室", 29)) + "A";
        var clock = new FakeTimeProvider();
        ProbeResult reply = ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64);

        // When
        using (LogAppender appender = Appender())
        {
            var log = new DeadmanLog(appender);
            var events = new EventLog(appender, clock);
            log.Record(Record(View($"{meeting} 192.0.2.1", reply), reply, clock.GetUtcNow()));
            log.Record(Record(View("deadman-events.jsonl 192.0.2.2", reply), reply, clock.GetUtcNow()));
            log.Record(Record(View("core 192.0.2.3", reply), reply, clock.GetUtcNow()));
            events.Started(3, "0.1.0");

            // While it runs, not only on the way out
            Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(_directory, EventLog.FileName)) && File.Exists(Path.Combine(_directory, "core")), TimeSpan.FromSeconds(5)));
            events.Stopped();
        }

        // Then: every host has its lines, and the event log holds only events
        Assert.Single(File.ReadAllLines(Path.Combine(_directory, DeadmanLog.FileName(meeting))));
        Assert.Single(File.ReadAllLines(Path.Combine(_directory, "%64eadman-events.jsonl")));
        Assert.Single(File.ReadAllLines(Path.Combine(_directory, "core")));
        Assert.Equal(["start", "stop"], File.ReadAllLines(Path.Combine(_directory, EventLog.FileName)).Select(l => JsonDocument.Parse(l, s_strict).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public void Should_write_the_other_files_at_once_and_the_failing_one_later_When_one_file_cannot_be_written()
    {
        // Given: a directory where one host's file should be (root is not stopped by permissions; this stops anyone)
        Directory.CreateDirectory(Path.Combine(_directory, "blocked"));
        using LogAppender appender = Appender();

        // When
        appender.Append("blocked", "one");
        appender.Append("other", "two");
        appender.Append(EventLog.FileName, "{}", prompt: true);

        // Then: the others are written while that one fails, which is said once, naming it
        Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(_directory, "other")) && File.Exists(Path.Combine(_directory, EventLog.FileName)), TimeSpan.FromSeconds(5)));
        Assert.True(SpinWait.SpinUntil(() => { lock (_reports) { return _reports.Count == 1; } }, TimeSpan.FromSeconds(5)));
        lock (_reports)
        {
            Assert.Contains("(blocked)", _reports[0], StringComparison.Ordinal);
        }

        // And when the way is clear again, its line is written after all
        Directory.Delete(Path.Combine(_directory, "blocked"));
        Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(_directory, "blocked")) && File.ReadAllLines(Path.Combine(_directory, "blocked")) is ["one"], TimeSpan.FromSeconds(10)));
        Assert.True(SpinWait.SpinUntil(() => { lock (_reports) { return _reports.Count == 2; } }, TimeSpan.FromSeconds(5)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        else if (File.Exists(_directory))
        {
            File.Delete(_directory);
        }
    }
}
