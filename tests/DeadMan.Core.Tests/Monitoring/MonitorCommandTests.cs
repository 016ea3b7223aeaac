using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Tests.Fakes;
using DeadMan.Core.Tests.Snmp;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>
/// Issue 12: every change a user or a file makes (pause, reset, reload) is a command through the engine's loop, tried
/// on engines a fake clock drives.
/// </summary>
public sealed class MonitorCommandTests : EngineOnFakeClock
{

    [Theory]
    [InlineData("ping 192.0.2.1")]
    [InlineData("ping6 2001:db8::1")]
    [InlineData("web 192.0.2.1 tcp=dstport:443")]
    [InlineData("relayed 192.0.2.1 relay=198.51.100.1 user=noc os=Linux")]
    [InlineData("routed 192.0.2.1 via=routeros_api relay=198.51.100.2 username=admin password=x")]
    [InlineData("snmp 192.0.2.1 via=snmp relay=198.51.100.3 community=noc")]
    [InlineData("inside 192.0.2.1 netns=lab")]
    [InlineData("vrf 192.0.2.1 via=vrf relay=mgmt")]
    [InlineData("sourced 192.0.2.1 source=eth0")]
    public async Task Should_send_no_probe_while_paused_and_carry_on_after_When_paused_then_resumed(string line)
    {
        // Given: a target of each kind, answered at once
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64), allKinds: true);
        Monitor monitor = Start(Parse(line), probes);
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 2);

        // When: paused for five intervals
        await monitor.Pause(true);
        long before = monitor.Snapshot().Targets.Single().Sent;
        Step(monitor, TimeSpan.FromSeconds(1), times: 5);
        await Settle(monitor);

        // Then: nothing was sent, the probe itself was told (streaming kinds stop their own pings), and resuming
        // brings the sends back
        Assert.True(monitor.Snapshot().Paused);
        Assert.Equal(before, monitor.Snapshot().Targets.Single().Sent);
        Assert.Equal([true], probes.Paused);
        await monitor.Pause(false);
        Step(monitor, TimeSpan.FromSeconds(1), times: 3);
        await Settle(monitor);
        Assert.False(monitor.Snapshot().Paused);
        Assert.InRange(monitor.Snapshot().Targets.Single().Sent, before + 2, before + 4);
        Assert.Equal([false], probes.Paused);
    }

    [Fact]
    public async Task Should_poll_no_interface_while_paused_When_paused_then_resumed()
    {
        // Given: an interface of a real snmpd watched every 10 s, polled at least once
        using var agent = new SnmpdAgent();
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        Monitor monitor = Start(Parse(TrafficLine("127.0.0.1", agent.Port, "lo")), probes);
        StepUntil(monitor, TrafficInterval, s => s.Interfaces.Single().PolledAt is not null);
        DateTimeOffset? polled = monitor.Snapshot().Interfaces.Single().PolledAt;

        // When: paused for four polling intervals
        await monitor.Pause(true);
        Step(monitor, TrafficInterval, times: 4);
        await Settle(monitor);

        // Then: no poll was made; after resuming the next interval polls again
        Assert.Equal(polled, monitor.Snapshot().Interfaces.Single().PolledAt);
        await monitor.Pause(false);
        Step(monitor, TrafficInterval, times: 2);
        await Settle(monitor);
        Assert.True(monitor.Snapshot().Interfaces.Single().PolledAt > polled);
    }

    [Fact]
    public async Task Should_start_statistics_and_history_again_but_keep_state_since_and_events_When_reset()
    {
        // Given: a target that never answers has gone down; another has not been probed yet
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Timeout());
        DateTimeOffset loaded = Clock.GetUtcNow();
        Monitor monitor = Start(Parse("a 192.0.2.1\nlater 192.0.2.2 tcp=dstport:80"), probes);
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.First().Sent >= 2 && s.Events.Count == 1);
        MonitorSnapshot before = monitor.Snapshot();

        // When
        await monitor.Reset();

        // Then: the statistics are gone; what happened is not (issue 13: "down for an hour" survives r)
        MonitorSnapshot after = monitor.Snapshot();
        TargetView a = after.Targets.First();
        Assert.Equal((0, 0, -1L), (a.Sent, a.Received, a.History.LatestRound));
        Assert.Equal(TargetStatus.Down, a.Status);
        Assert.Equal(before.Targets.First().Since, a.Since);
        Assert.Equal(before.Events.Single().At, a.Since);
        Assert.Equal(before.Events, after.Events);
        Assert.Equal((TargetStatus.Unknown, (DateTimeOffset?)loaded), (after.Targets.Last().Status, after.Targets.Last().Since));
        Step(monitor, TimeSpan.FromSeconds(1), times: 2);
        await Settle(monitor);
        Assert.InRange(monitor.Snapshot().Targets.First().Sent, 1, 3);
    }

    [Fact]
    public async Task Should_carry_the_latest_results_with_times_and_reasons_and_how_long_the_outage_lasted_When_a_target_is_focused()
    {
        // Given: a host that answers, is unreachable for rounds 2 to 4, then answers again
        var probes = new ScriptedProbeFactory((_, round) => round is >= 2 and <= 4
            ? ProbeResult.Failed(ProbeOutcome.Unreachable, "unreachable from 198.51.100.1")
            : ProbeResult.Reply(TimeSpan.FromMilliseconds(3), 64));
        Monitor monitor = Start(Parse("a 192.0.2.1"), probes);
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 7);

        // When
        Assert.Null(monitor.Snapshot().Focused);
        await monitor.Focus(monitor.Snapshot().Targets.Single().Id);
        TargetDetail? detail = monitor.Snapshot().Focused;

        // Then: newest first, each with when it came and why it failed
        Assert.NotNull(detail);
        Assert.Equal(detail.Target.Sent, detail.Recent.Count);
        Assert.Equal(detail.Recent.Select(r => r.At).OrderDescending(), detail.Recent.Select(r => r.At));
        // Rounds 2 to 4 failed: the 3rd to the 5th oldest
        Assert.Equal(["unreachable from 198.51.100.1"], detail.Recent.Reverse().Skip(2).Take(3).Select(r => r.Result.Detail).Distinct());
        Assert.Equal((TimeSpan?)TimeSpan.FromMilliseconds(3), detail.Recent[0].Result.Rtt);
        Assert.True(detail.Recent[0].At > detail.Recent[^1].At);
        // The recovery says how long the host was down: three rounds of a second
        StateChange recovery = monitor.Snapshot().Events.First(e => e.To == TargetStatus.Up);
        StateChange failure = monitor.Snapshot().Events.First(e => e.To == TargetStatus.Down);
        Assert.Equal(recovery.At - failure.At, recovery.Lasted);
        Assert.Equal(TimeSpan.FromSeconds(3), recovery.Lasted);
        // A host no longer there (or never), or no focus, carries nothing
        await monitor.Focus(999);
        Assert.Null(monitor.Snapshot().Focused);
        await monitor.Focus(detail.Target.Id);
        await monitor.Focus(null);
        Assert.Null(monitor.Snapshot().Focused);
    }

    [Fact]
    public async Task Should_turn_degraded_with_its_reason_and_back_and_go_down_only_after_three_failures_When_health_rules_apply()
    {
        // Given: a host losing every 4th probe for rounds 0-19 (25 %), then clean, then three failures in a row;
        // loss-warn=10 on its line, down after 3 from deadman.toml
        var probes = new ScriptedProbeFactory((_, round) => round switch
        {
            < 20 when round % 4 == 3 => ProbeResult.Timeout(),
            >= 60 and < 63 => ProbeResult.Timeout(),
            _ => ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64),
        });
        var health = new HealthSettings(new HealthRules(DownAfter: 3, Window: TimeSpan.FromSeconds(10)), []);
        Monitor monitor = Start(Parse("ap 192.0.2.1 loss-warn=10"), probes, new MonitorOptions(Timing) { Health = health });

        // When / Then: degraded, with the loss over the 10 s window as its reason
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Status == TargetStatus.Degraded);
        Assert.Matches(@"^loss \d+% in 10s ≥ 10%$", monitor.Snapshot().Targets.Single().Reason);
        // back to up once the window is clean, and the event says degraded, then up
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Status == TargetStatus.Up && s.Targets.Single().Sent > 20);
        Assert.Null(monitor.Snapshot().Targets.Single().Reason);
        Assert.Equal([TargetStatus.Up, TargetStatus.Degraded], monitor.Snapshot().Events.Select(e => e.To));
        // two failures in a row are not enough; the third is
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 62);
        Assert.NotEqual(TargetStatus.Down, monitor.Snapshot().Targets.Single().Status);
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 63);
        Assert.Equal(TargetStatus.Down, monitor.Snapshot().Targets.Single().Status);
    }

    [Fact]
    public async Task Should_come_back_up_and_say_how_long_it_was_down_When_a_host_answers_again_after_an_outage()
    {
        // Given: the lab's access point (loss-warn 10 over 20 s, down after 3) unplugged for rounds 20-60, then
        // answering every probe (issue 30: it came back "degraded: loss 95%" on the outage's own losses)
        var probes = new ScriptedProbeFactory((_, round) => round is >= 20 and <= 60 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(3), 64));
        var health = new HealthSettings(new HealthRules(DownAfter: 3, Window: TimeSpan.FromSeconds(20), LossWarn: 10), []);
        Monitor monitor = Start(Parse("ap-1f-a 192.0.2.1"), probes, new MonitorOptions(Timing) { Health = health });

        // When: it has answered for longer than the window
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 90);

        // Then: degraded by the first two losses (10 % of the window), down at the third, then up with the outage's
        // length; not degraded again
        IReadOnlyList<StateChange> events = [.. monitor.Snapshot().Events.Reverse()];
        Assert.Equal([TargetStatus.Degraded, TargetStatus.Down, TargetStatus.Up], events.Select(e => e.To));
        Assert.Equal(TargetStatus.Down, events[2].From);
        Assert.Equal(TimeSpan.FromSeconds(39), events[2].Lasted);
        Assert.Equal(TargetStatus.Up, monitor.Snapshot().Targets.Single().Status);
    }

    [Fact]
    public void Should_be_degraded_between_its_losses_When_down_after_is_one_and_every_loss_is_an_outage()
    {
        // Given: deadman's rule (one failure is down) and a host losing one probe in three
        var probes = new ScriptedProbeFactory((_, round) => round % 3 == 1 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));
        var health = new HealthSettings(new HealthRules(Window: TimeSpan.FromSeconds(12), LossWarn: 10), []);
        Monitor monitor = Start(Parse("ap 192.0.2.1"), probes, new MonitorOptions(Timing) { Health = health });

        // When: a reply after a dozen rounds
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 15 && s.Targets.Single().LastResult?.IsReply == true);

        // Then: only the last one-round outage is left out of the window; the losses before it still count
        Assert.Equal(TargetStatus.Degraded, monitor.Snapshot().Targets.Single().Status);
    }

    [Fact]
    public async Task Should_keep_a_degraded_host_degraded_When_the_operator_resets_the_statistics()
    {
        // Given: a host losing every other probe, degraded for it
        var probes = new ScriptedProbeFactory((_, round) => round % 2 == 1 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));
        var health = new HealthSettings(new HealthRules(DownAfter: 3, Window: TimeSpan.FromSeconds(10), LossWarn: 10), []);
        Monitor monitor = Start(Parse("ap 192.0.2.1"), probes, new MonitorOptions(Timing) { Health = health });
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Status == TargetStatus.Degraded);
        int changes = monitor.Snapshot().Events.Count;

        // When: r, then rounds fewer than a judgement needs, then enough
        await monitor.Reset();
        Step(monitor, TimeSpan.FromSeconds(1), times: HealthJudge.MinimumSample - 1);
        MonitorSnapshot early = await Settle(monitor);
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.Single().Sent >= 12);

        // Then: degraded all along, with its reason, and no change was raised (issue 30: r made it recover, then degrade)
        Assert.Equal(TargetStatus.Degraded, early.Targets.Single().Status);
        Assert.NotNull(early.Targets.Single().Reason);
        Assert.Equal(TargetStatus.Degraded, monitor.Snapshot().Targets.Single().Status);
        Assert.Equal(changes, monitor.Snapshot().Events.Count);
    }

    [Fact]
    public async Task Should_ignore_answers_to_rounds_sent_before_a_reset_When_they_arrive_after_it()
    {
        // Given: two rounds sent, their answers not yet in
        var probes = new HeldProbeFactory();
        Monitor monitor = Start(Parse("a 192.0.2.1"), probes);
        Step(monitor, TimeSpan.FromSeconds(1), times: 2);

        // When: reset, then the answers come
        await monitor.Reset();
        probes.ReleaseAll();
        await Settle(monitor);

        // Then: they belong to the statistics that were reset
        Assert.Equal(0, monitor.Snapshot().Targets.Single().Sent);
    }

    [Fact]
    public async Task Should_keep_history_of_unchanged_targets_and_start_changed_ones_afresh_When_hosts_are_reloaded()
    {
        // Given: three targets with some history
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));
        Monitor monitor = Start(Parse("stays 192.0.2.1\ngoes 192.0.2.2\nmoves 192.0.2.3"), probes);
        StepUntil(monitor, TimeSpan.FromSeconds(1), s => s.Targets.All(t => t.Sent >= 3));
        MonitorSnapshot before = monitor.Snapshot();

        // When: one stays (now under a title), one goes, one changes its address, one comes
        await monitor.Reload(Parse("--- core\nstays 192.0.2.1\nmoves 192.0.2.4\ncomes 192.0.2.5"));
        MonitorSnapshot reloaded = monitor.Snapshot();
        Step(monitor, TimeSpan.FromSeconds(1), times: 2);
        await Settle(monitor);

        // Then
        Assert.Equal(["core", "stays", "moves", "comes"], reloaded.Rows.Select(r => r.Target?.Spec.Name ?? r.Separator!.Title));
        TargetView stays = reloaded.Targets.First();
        Assert.Equal(before.Targets.First().Sent, stays.Sent);
        Assert.Equal(before.Targets.First().History.LatestRound, stays.History.LatestRound);
        Assert.Equal("core", stays.Spec.Group);
        Assert.All(reloaded.Targets.Skip(1), t => Assert.Equal(0, t.Sent));
        MonitorSnapshot later = monitor.Snapshot();
        Assert.True(later.Targets.First().Sent > stays.Sent, "the kept target goes on counting from where it was");
        Assert.All(later.Targets.Skip(1), t => Assert.InRange(t.Sent, 1, 3));
        // The picture taken before the reload is as it was.
        Assert.Equal(["stays", "goes", "moves"], before.Targets.Select(t => t.Spec.Name));
    }

    [Fact]
    public async Task Should_count_answers_queued_before_a_reload_and_drop_those_of_removed_targets_When_reloading()
    {
        // Given: four rounds (0 to 3) of two targets sent, their answers not yet in
        var probes = new HeldProbeFactory();
        Monitor monitor = Start(Parse("a 192.0.2.1\nb 192.0.2.2"), probes);
        Step(monitor, TimeSpan.FromSeconds(1), times: 3);

        // When: the answers are queued and a reload right behind them removes b and adds c
        probes.ReleaseAll();
        await monitor.Reload(Parse("a 192.0.2.1\nc 192.0.2.3"));
        MonitorSnapshot reloaded = monitor.Snapshot();
        Step(monitor, TimeSpan.FromSeconds(1), times: 2);
        probes.ReleaseAll();
        await Settle(monitor);

        // Then: a kept its answers, c starts from nothing, b's late answers went nowhere, and the engine goes on
        Assert.Equal(["a", "c"], reloaded.Targets.Select(t => t.Spec.Name));
        Assert.Equal(4, reloaded.Targets.First().Sent);
        Assert.Equal(0, reloaded.Targets.Last().Sent);
        MonitorSnapshot later = monitor.Snapshot();
        Assert.Equal(["a", "c"], later.Targets.Select(t => t.Spec.Name));
        Assert.Equal(6, later.Targets.First().Sent);
        Assert.InRange(later.Targets.Last().Sent, 1, 2);
    }

    [Fact]
    public async Task Should_keep_baselines_of_kept_interfaces_and_start_or_stop_others_When_traffic_lines_are_reloaded()
    {
        // Given: lo watched on a real snmpd, with a baseline (two polls)
        using var agent = new SnmpdAgent();
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        Monitor monitor = Start(Parse(TrafficLine("127.0.0.1", agent.Port, "lo")), probes);
        StepUntil(monitor, TrafficInterval, s => s.Interfaces.Single().State is not ("waiting" or "unknown-interface"));

        // When: the line adds ifIndex 1 (lo again, by number: every Linux has it) and the next poll is made
        await monitor.Reload(Parse(TrafficLine("127.0.0.1", agent.Port, "lo,1")));
        Assert.Equal(["lo", "1"], monitor.Snapshot().Interfaces.Select(i => i.Interface));
        Step(monitor, TrafficInterval, times: 1);
        await Settle(monitor);

        // Then: lo still has its baseline (a rate, not "waiting"); the added one starts its own
        IReadOnlyList<InterfaceView> both = monitor.Snapshot().Interfaces;
        Assert.NotEqual("waiting", both[0].State);
        Assert.Equal(("waiting", 1), (both[1].State, both[1].Index));

        // When: lo is removed from the line, then the agent moves to another address (a new agent), then the line goes
        await monitor.Reload(Parse(TrafficLine("127.0.0.1", agent.Port, "1")));
        Assert.Equal(["1"], monitor.Snapshot().Interfaces.Select(i => i.Interface));
        await monitor.Reload(Parse(TrafficLine("::1", agent.Port, "1")));
        // A new agent: no baseline carried over from the old address.
        Assert.Equal("waiting", monitor.Snapshot().Interfaces.Single().State);
        StepUntil(monitor, TrafficInterval, s => s.Interfaces.Single().Index == 1);
        await monitor.Reload(Parse("sw ::1"));

        // Then
        Assert.Empty(monitor.Snapshot().Interfaces);
        Assert.Equal("sw", monitor.Snapshot().Targets.Single().Spec.Name);
    }
}
