namespace DeadMan.Core.Snmp.Gauges;

/// <summary>One gauge as the screen, the report and the metrics show it: the last reading and recent values.</summary>
public sealed record GaugeView(string Host, GaugeReading Reading)
{
    /// <summary>Recent values, newest first, for the sparkline (empty until there is a value).</summary>
    public IReadOnlyList<double> History { get; init; } = [];
}
