namespace DeadMan.Core.Probing;

/// <summary>The cadence of every target: one probe per <paramref name="Interval"/>, each waited for up to <paramref name="Timeout"/>.</summary>
public readonly record struct ProbeTiming(TimeSpan Interval, TimeSpan Timeout);
