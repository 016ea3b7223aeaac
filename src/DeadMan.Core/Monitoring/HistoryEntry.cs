using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>One round in a target's history; <see cref="Outcome"/> is null while the round has no result yet.</summary>
public readonly record struct HistoryEntry(ProbeOutcome? Outcome, TimeSpan? Rtt);
