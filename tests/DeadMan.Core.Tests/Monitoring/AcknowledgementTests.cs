using System.Collections.Concurrent;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>
/// Issue 35: an operator's acknowledgement of a host's problem, on engines a fake clock drives: what it covers, how it
/// ends (up again, a worse state, its time, withdrawn, the host gone), and coming back by name after a restart.
/// </summary>
public sealed class AcknowledgementTests : EngineOnFakeClock
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);
    private readonly ConcurrentQueue<AcknowledgementChange> _changes = new();

    // The lab's access point: loss-warn 10 over 20 s, down after 3; losing rounds 20-60, then answering.
    private static readonly HealthSettings s_accessPoint = new(new HealthRules(DownAfter: 3, Window: TimeSpan.FromSeconds(20), LossWarn: 10), []);

    private Monitor Watch(string hosts, Func<int, long, ProbeResult> script, HealthSettings? health = null)
    {
        Monitor monitor = Start(Parse(hosts), new ScriptedProbeFactory(script), new MonitorOptions(Timing) { Health = health ?? HealthSettings.Default });
        monitor.Acknowledged += _changes.Enqueue;
        return monitor;
    }

    private static ProbeResult Unplugged(long round, long from, long to) =>
        round >= from && round <= to ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64);

    private Acknowledgement Given(string? note = "replacing the AP", TimeSpan? lasting = null, bool anyState = false) =>
        new("noc@laptop", Clock.GetUtcNow(), TargetStatus.Down, Clock.GetUtcNow() + lasting, note) { AnyState = anyState };

    [Fact]
    public async Task Should_be_a_known_problem_until_the_host_is_up_again_When_a_down_host_is_acknowledged()
    {
        // Given: a host down from round 5 to 30
        Monitor monitor = Watch("ap-1f-a 192.0.2.1\nsw 192.0.2.2", (id, round) => id == 0 ? Unplugged(round, 5, 30) : Unplugged(round, 0, -1));
        StepUntil(monitor, s_second, s => s.Targets.First().Status == TargetStatus.Down);
        TargetView down = monitor.Snapshot().Targets.First();
        Assert.False(down.Known);
        Assert.Equal(0, down.Severity);

        // When: acknowledged, and the up host with it (which has nothing to acknowledge)
        Step(monitor, s_second, 3);
        DateTimeOffset given = Clock.GetUtcNow();
        await monitor.Acknowledge([.. monitor.Snapshot().Targets.Select(t => t.Id)], Given());

        // Then: known, stamped by the engine with when, for the state it was in; sorted after unknown problems
        TargetView known = monitor.Snapshot().Targets.First();
        Assert.True(known.Known);
        Assert.Equal(("noc@laptop", given, TargetStatus.Down, "replacing the AP"), (known.Acknowledgement!.By, known.Acknowledgement.At, known.Acknowledgement.For, known.Acknowledgement.Note));
        Assert.Equal(2, known.Severity);
        Assert.Null(monitor.Snapshot().Targets.Last().Acknowledgement);
        AcknowledgementChange first = Assert.Single(_changes);
        Assert.Null(first.Ended);
        Assert.Equal(["ap-1f-a"], first.All.Keys);

        // When: it answers again
        StepUntil(monitor, s_second, s => s.Targets.First().Status == TargetStatus.Up);

        // Then: the acknowledgement ended with it, and the recovery is told of a host no longer known
        TargetView up = monitor.Snapshot().Targets.First();
        Assert.Null(up.Acknowledgement);
        Assert.False(up.Known);
        Assert.Equal([null, Acknowledgements.UpAgain], _changes.Select(c => c.Ended));
        Assert.Empty(_changes.Last().All);
        Assert.False(monitor.Snapshot().Events.First(e => e.To == TargetStatus.Up).Target.Known);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_be_news_again_unless_any_state_was_chosen_When_a_degraded_host_acknowledged_goes_down(bool anyState)
    {
        // Given: the access point degraded by its first losses, acknowledged so
        Monitor monitor = Watch("ap-1f-a 192.0.2.1", (_, round) => Unplugged(round, 20, 60), s_accessPoint);
        StepUntil(monitor, s_second, s => s.Targets.Single().Status == TargetStatus.Degraded);
        await monitor.Acknowledge([monitor.Snapshot().Targets.Single().Id], Given(anyState: anyState));
        Assert.Equal(TargetStatus.Degraded, monitor.Snapshot().Targets.Single().Acknowledgement!.For);

        // When: it goes down
        StepUntil(monitor, s_second, s => s.Targets.Single().Status == TargetStatus.Down);

        // Then: "any state" still covers it; otherwise the acknowledgement ended, and the down is news
        TargetView down = monitor.Snapshot().Targets.Single();
        StateChange wentDown = monitor.Snapshot().Events.First(e => e.To == TargetStatus.Down);
        Assert.Equal(anyState, down.Known);
        Assert.Equal(anyState, wentDown.Target.Known);
        Assert.Equal(anyState ? [null] : [null, "down: not the state acknowledged"], _changes.Select(c => c.Ended));
    }

    [Fact]
    public async Task Should_end_by_itself_When_its_time_is_up_or_when_withdrawn()
    {
        // Given: two hosts down for good, one acknowledged for 15 minutes, the other until it is up
        Monitor monitor = Watch("a 192.0.2.1\nb 192.0.2.2", (_, round) => Unplugged(round, 2, long.MaxValue));
        StepUntil(monitor, s_second, s => s.Targets.All(t => t.Status == TargetStatus.Down));
        int[] ids = [.. monitor.Snapshot().Targets.Select(t => t.Id)];
        await monitor.Acknowledge([ids[0]], Given(lasting: TimeSpan.FromMinutes(15)));
        await monitor.Acknowledge([ids[1]], Given(note: null));

        // When: 14 minutes go by, then two more
        Step(monitor, TimeSpan.FromMinutes(1), 14);
        Assert.All(monitor.Snapshot().Targets, t => Assert.True(t.Known));
        Step(monitor, TimeSpan.FromMinutes(1), 2);
        MonitorSnapshot later = await Settle(monitor);

        // Then: the first expired and is news again; the second stays until withdrawn
        Assert.Equal([false, true], later.Targets.Select(t => t.Known));
        await monitor.Withdraw([ids[1]], "lead@noc");
        Assert.All(monitor.Snapshot().Targets, t => Assert.Null(t.Acknowledgement));
        Assert.Equal([null, null, "expired", "withdrawn by lead@noc"], _changes.Select(c => c.Ended));
    }

    [Fact]
    public async Task Should_come_back_by_name_and_go_with_its_host_When_restored_after_a_restart_and_the_host_list_changes()
    {
        // Given: acknowledgements an earlier run saved, for a host still listed, one no longer, and one expired
        Monitor monitor = Watch("ap-1f-a 192.0.2.1\nap-1f-b 192.0.2.2", (_, round) => Unplugged(round, 0, long.MaxValue));
        DateTimeOffset now = Clock.GetUtcNow();
        var saved = new Dictionary<string, Acknowledgement>
        {
            ["ap-1f-a"] = new("noc@laptop", now.AddHours(-1), TargetStatus.Down, null, "known since the morning"),
            ["ap-2f-z"] = new("noc@laptop", now.AddHours(-1), TargetStatus.Down, null, null),
            ["ap-1f-b"] = new("noc@laptop", now.AddHours(-2), TargetStatus.Down, now.AddHours(-1), null),
        };

        // When
        await monitor.Restore(saved);
        StepUntil(monitor, s_second, s => s.Targets.All(t => t.Status == TargetStatus.Down));

        // Then: the listed host's comes back quietly (told before the restart), a down host with it is known
        Assert.Equal([true, false], monitor.Snapshot().Targets.Select(t => t.Known));
        Assert.Equal("known since the morning", monitor.Snapshot().Targets.First().Acknowledgement!.Note);
        Assert.Empty(_changes);

        // When: the host leaves the list
        await monitor.Reload(Parse("ap-1f-b 192.0.2.2"));

        // Then: its acknowledgement goes with it
        AcknowledgementChange gone = Assert.Single(_changes);
        Assert.Equal(("ap-1f-a", "removed from the host list"), (gone.Target.Spec.Name, gone.Ended));
        Assert.Empty(gone.All);
    }
}
