using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Fires every target once per interval on a fixed, monotonic grid: target i of n at offset i·T/n, so sends are
/// spread over the interval, and the n-th round is due at start + n·T whatever the RTTs were. The first round goes
/// out as fast as is safe instead (at most <see cref="FirstRoundPerSlot"/> probes a slot, so the replies fit a
/// socket's default receive buffer), so that the screen shows every host within moments of starting rather than
/// over the first interval, which is ten seconds with <c>-i 10s</c>; no target's second round comes sooner than an
/// interval after its first. The JIT build spreads its first round like the others: it compiles the result path on
/// the first results, and handshakes timed at that moment measured up to 8 ms instead of 0.3 (measured; the native
/// build has nothing to compile). The monitor's loop calls <see cref="RunDue"/> once per <see cref="ProbeTiming.Slot"/>
/// and everything due in it goes, which keeps 10,000 targets at 1 Hz cheap: waking for every send cost more CPU than
/// the sends (measured). A send is at most one slot late, and RTTs are measured from the actual send, so nothing is
/// lost in precision.
/// </summary>
internal sealed class ProbeScheduler
{
    private const int FirstRoundPerSlot = 250;

    private readonly IProbeSink _sink;
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly long _firstRoundGapTicks;
    private readonly long? _rounds;
    private readonly long _start;
    private ScheduledTarget[] _targets = [];
    private int _position;
    private long _lap;

    public ProbeScheduler(IProbeSink sink, TimeProvider time, ProbeTiming timing, long? rounds, bool firstRoundAtOnce)
    {
        _sink = sink;
        _time = time;
        _intervalTicks = Math.Max(1, (long)(timing.Interval.TotalSeconds * time.TimestampFrequency));
        _firstRoundGapTicks = firstRoundAtOnce ? (long)(timing.Slot.TotalSeconds * time.TimestampFrequency / FirstRoundPerSlot) : long.MaxValue;
        _rounds = rounds;
        _start = time.GetTimestamp();
    }

    /// <summary>While paused nothing is sent and no round is used up.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// The targets to probe from now on. A target kept from before keeps its round count; the grid itself does not
    /// move, so the cadence of every kept target stays fixed.
    /// </summary>
    public void SetTargets(ScheduledTarget[] targets)
    {
        _targets = targets;
        _position = _targets.Length == 0 ? 0 : _position % _targets.Length;
    }

    /// <summary>When the next send is due, in <see cref="TimeProvider"/> timestamps.</summary>
    public long NextDue => _lap == 0
        ? _start + (_position * Math.Min(_firstRoundGapTicks, _intervalTicks / Math.Max(1, _targets.Length)))
        : _start + (_lap * _intervalTicks) + (_position * _intervalTicks / Math.Max(1, _targets.Length));

    /// <summary>Sends every probe due at or before <paramref name="now"/>.</summary>
    public void RunDue(long now)
    {
        if (_targets.Length == 0)
        {
            return;
        }

        // After a stall longer than an interval (a suspended laptop, a GC pause) skip the missed laps instead of
        // bursting them out: the grid stays where it was.
        long behind = now - NextDue;
        if (behind > _intervalTicks)
        {
            _lap += behind / _intervalTicks;
        }

        // One wall-clock reading for the slot's sends, which leave within a few milliseconds: it only dates a result in the
        // logs; the RTT comes from the send's own timestamp.
        DateTimeOffset sentAt = _time.GetUtcNow();
        while (NextDue <= now)
        {
            Fire(_targets[_position], sentAt);
            if (++_position == _targets.Length)
            {
                _position = 0;
                _lap++;
            }
        }
    }

    private void Fire(ScheduledTarget target, DateTimeOffset sentAt)
    {
        if (Paused || target.NextRound >= _rounds)
        {
            return;
        }

        IProbe? probe = target.Probe;
        string? failure = target.Failure;
        if (probe is null && failure is null)
        {
            return;
        }

        long round = target.NextRound++;
        target.RecordSend(round, sentAt);
        if (probe is null)
        {
            _sink.Report(target.TargetId, round, ProbeResult.Failed(ProbeOutcome.Unresolved, failure!));
        }
        else
        {
            Send(probe, target.TargetId, round);
        }
    }

    private void Send(IProbe probe, int targetId, long round)
    {
        try
        {
            probe.Send(round);
        }
#pragma warning disable CA1031 // A probe's bug must cost one result, not the loop and every target with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _sink.Report(targetId, round, ProbeResult.Failed(ProbeOutcome.Error, e.Message));
        }
    }
}
