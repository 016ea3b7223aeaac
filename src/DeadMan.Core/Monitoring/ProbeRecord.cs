using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>One result as it was folded in, with the target as it stood right after.</summary>
/// <param name="SentAt">When its probe was sent: a timeout is known only a timeout later, yet belongs before the
/// replies that came meanwhile.</param>
public sealed record ProbeRecord(TargetView Target, long Round, ProbeResult Result, DateTimeOffset SentAt);
