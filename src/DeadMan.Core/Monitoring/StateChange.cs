using DeadMan.Core.Health;

namespace DeadMan.Core.Monitoring;

/// <summary>A target went up or down.</summary>
/// <param name="Sequence">Counts every change of the run from 1, so a reader can tell which it has already seen.</param>
public sealed record StateChange(TargetView Target, TargetStatus From, TargetStatus To, DateTimeOffset At, long Sequence)
{
    /// <summary>How long the target had been <see cref="From"/>: on a recovery, the length of the outage.</summary>
    public TimeSpan? Lasted { get; init; }
}
