using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Monitoring;

public class ProbeSchedulerTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);
    private static readonly ProbeTiming s_timing = new(s_interval, s_interval);

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingSink _sink = new();
    private readonly List<(int Target, long Round, TimeSpan At)> _sends = [];

    private ScheduledTarget[] Targets(int count) => Enumerable.Range(0, count).Select(id =>
        new ScheduledTarget(id, s_timing) { Probe = new CountingProbe(id, this) }).ToArray();

    private ProbeScheduler Scheduler(ScheduledTarget[] targets, long? rounds, bool firstRoundAtOnce = true)
    {
        var scheduler = new ProbeScheduler(_sink, _clock, s_timing, rounds, firstRoundAtOnce);
        scheduler.SetTargets(targets);
        return scheduler;
    }

    private void RunFor(ProbeScheduler scheduler, TimeSpan duration, TimeSpan step)
    {
        for (TimeSpan t = TimeSpan.Zero; t <= duration; t += step)
        {
            scheduler.RunDue(_clock.GetTimestamp());
            _clock.Advance(step);
        }
    }

    [Fact]
    public void Should_spread_sends_over_the_interval_When_many_targets_share_it()
    {
        // Given
        var scheduler = Scheduler(Targets(4), rounds: null);

        // When
        RunFor(scheduler, TimeSpan.FromMilliseconds(1999), TimeSpan.FromMilliseconds(1));

        // Then: after the first round, one send every 250 ms, never two at once
        Assert.Equal([1000, 1250, 1500, 1750], _sends.Where(s => s.Round == 1).Select(s => (int)s.At.TotalMilliseconds));
        Assert.Equal([0, 1, 2, 3], _sends.Where(s => s.Round == 1).Select(s => s.Target));
    }

    [Fact]
    public void Should_spread_the_first_round_too_When_not_sending_it_at_once()
    {
        // Given: the JIT build's scheduler
        var scheduler = Scheduler(Targets(4), rounds: null, firstRoundAtOnce: false);

        // When
        RunFor(scheduler, TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(1));

        // Then
        Assert.Equal([0, 250, 500, 750], _sends.Select(s => (int)s.At.TotalMilliseconds));
    }

    [Fact]
    public void Should_send_the_first_round_at_once_but_at_most_250_a_slot_When_starting_with_many_targets()
    {
        // Given: 1,000 targets, whose second rounds are 1 ms apart
        var scheduler = Scheduler(Targets(1000), rounds: null);

        // When: the scheduler wakes once a slot, as it does
        RunFor(scheduler, TimeSpan.FromMilliseconds(2000), TimeSpan.FromMilliseconds(20));

        // Then: every host probed within 80 ms, no wake-up sending more than 250, and none probed again sooner
        // than an interval later
        var first = _sends.Where(s => s.Round == 0).ToList();
        Assert.Equal(1000, first.Count);
        Assert.True(first.Max(s => s.At) <= TimeSpan.FromMilliseconds(80));
        Assert.All(first.GroupBy(s => s.At), wake => Assert.InRange(wake.Count(), 1, 250));
        Assert.All(_sends.Where(s => s.Round == 1), s => Assert.True(s.At - first.Single(f => f.Target == s.Target).At >= s_interval));
    }

    [Fact]
    public void Should_keep_a_fixed_cadence_When_the_loop_wakes_late_and_irregularly()
    {
        // Given
        var scheduler = Scheduler(Targets(3), rounds: null);
        var random = new Random(7);

        // When: a minute of wake-ups 1 to 40 ms apart
        while (_clock.GetUtcNow() - new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero) < TimeSpan.FromSeconds(60))
        {
            scheduler.RunDue(_clock.GetTimestamp());
            _clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 40)));
        }

        // Then: 60 rounds each, every send within one wake-up of its grid point
        foreach (var group in _sends.GroupBy(s => s.Target))
        {
            Assert.Equal(60, group.Count());
            Assert.All(group, s => Assert.InRange(s.At - GridPoint(s.Target, s.Round, 3), TimeSpan.Zero, TimeSpan.FromMilliseconds(40)));
        }
    }

    [Fact]
    public void Should_skip_missed_laps_When_the_process_stalls_for_several_intervals()
    {
        // Given
        var scheduler = Scheduler(Targets(2), rounds: null);
        scheduler.RunDue(_clock.GetTimestamp());

        // When: nothing runs for ten seconds
        _clock.Advance(TimeSpan.FromSeconds(10));
        scheduler.RunDue(_clock.GetTimestamp());

        // Then: no burst of ten rounds per target, at most the current lap
        Assert.InRange(_sends.Count, 2, 3);
    }

    [Fact]
    public void Should_stop_each_target_When_its_rounds_are_done()
    {
        // Given
        var scheduler = Scheduler(Targets(2), rounds: 3);

        // When
        RunFor(scheduler, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        // Then
        Assert.Equal(6, _sends.Count);
        Assert.Equal([0L, 1, 2], _sends.Where(s => s.Target == 1).Select(s => s.Round));
    }

    [Fact]
    public void Should_fail_each_round_When_name_does_not_resolve_and_wait_When_still_resolving()
    {
        // Given: target 0 failed to resolve, target 1 is still resolving
        ScheduledTarget[] targets = [new(0, s_timing) { Failure = "cannot resolve nowhere.invalid" }, new(1, s_timing)];
        var scheduler = Scheduler(targets, rounds: null);

        // When
        RunFor(scheduler, TimeSpan.FromSeconds(2.9), TimeSpan.FromMilliseconds(100));

        // Then
        Assert.Equal(3, _sink.Reports.Count(r => r.TargetId == 0 && r.Result.Outcome == ProbeOutcome.Unresolved));
        Assert.DoesNotContain(_sink.Reports, r => r.TargetId == 1);
    }

    [Fact]
    public void Should_record_an_error_and_go_on_When_a_probe_throws()
    {
        // Given
        ScheduledTarget[] targets = [new(0, s_timing) { Probe = new ThrowingProbe() }, new(1, s_timing) { Probe = new CountingProbe(1, this) }];
        var scheduler = Scheduler(targets, rounds: null);

        // When
        RunFor(scheduler, TimeSpan.FromSeconds(1.9), TimeSpan.FromMilliseconds(100));

        // Then
        Assert.Equal(2, _sink.Reports.Count(r => r.TargetId == 0 && r.Result is { Outcome: ProbeOutcome.Error, Detail: "boom" }));
        Assert.Equal(2, _sends.Count(s => s.Target == 1));
    }

    // The first round goes out at once; later rounds are spread over the interval.
    private static TimeSpan GridPoint(int target, long round, int targets) => round == 0 ? TimeSpan.Zero : (s_interval * round) + (s_interval * target / targets);

    private sealed class CountingProbe(int id, ProbeSchedulerTests test) : IProbe
    {
        public void Send(long round) =>
            test._sends.Add((id, round, TimeSpan.FromTicks(test._clock.GetTimestamp())));

        public void Dispose()
        {
        }
    }

    private sealed class ThrowingProbe : IProbe
    {
        public void Send(long round) => throw new InvalidOperationException("boom");

        public void Dispose()
        {
        }
    }
}
