using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>One of a target's latest results, with when it came in: what the host detail lists.</summary>
public readonly record struct RecentResult(DateTimeOffset At, ProbeResult Result);
