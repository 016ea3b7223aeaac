namespace DeadMan.Core.Snmp.Traffic;

/// <summary>One poll of an agent: a reading per watched interface, in the line's order, and what changed about the agent.</summary>
public sealed record PollReport(IReadOnlyList<InterfaceReading> Interfaces, IReadOnlyList<AgentChange> Changes)
{
    /// <summary>A reading per gauge of the line, in its order.</summary>
    public IReadOnlyList<Gauges.GaugeReading> Gauges { get; init; } = [];
}
