using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>One result as it was folded in, with the target as it stood right after.</summary>
public sealed record ProbeRecord(TargetView Target, long Round, ProbeResult Result, DateTimeOffset At);
