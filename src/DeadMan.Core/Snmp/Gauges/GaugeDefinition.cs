using System.Globalization;

namespace DeadMan.Core.Snmp.Gauges;

/// <summary>
/// One <c>[snmp.gauge.NAME]</c>: a number an agent keeps (its clients, CPU, temperature) that pings cannot see, read
/// at <see cref="Oid"/> at every poll and multiplied by <see cref="Scale"/>. A counter is shown as its rate per second.
/// A crit below warn means lower is worse (free memory, battery): the value is then judged falling.
/// </summary>
public sealed record GaugeDefinition(string Name, Oid Oid, string? Unit, double? Warn, double? Crit, double Scale = 1)
{
    /// <summary>Lower is worse: warn and crit are both given and crit is the smaller.</summary>
    public bool Falling => Warn is { } warn && Crit is { } crit && crit < warn;

    public GaugeLevel Level(double value) =>
        Beyond(value, Crit) ? GaugeLevel.Crit : Beyond(value, Warn) ? GaugeLevel.Warn : GaugeLevel.Ok;

    /// <summary>"clients 118 ≥ 80", or null when the value is within its limits.</summary>
    public string? Reason(double value) => Level(value) switch
    {
        GaugeLevel.Crit => $"{Name} {Format(value)} {Comparison} {Format(Crit!.Value)} (crit)",
        GaugeLevel.Warn => $"{Name} {Format(value)} {Comparison} {Format(Warn!.Value)}",
        _ => null,
    };

    /// <summary>The value as the panel shows it: "118 clients", "93.5%".</summary>
    public string Show(double value) => Unit switch
    {
        null or "" => Format(value),
        "%" => Format(value) + "%",
        _ => $"{Format(value)} {Unit}",
    };

    private string Comparison => Falling ? "≤" : "≥";

    private bool Beyond(double value, double? limit) => limit is { } l && (Falling ? value <= l : value >= l);

    /// <summary>Whole numbers as they are, others with as many decimals as the size needs.</summary>
    public static string Format(double value) => value.ToString(
        Math.Abs(value) >= 100 || value == Math.Floor(value) ? "0" : Math.Abs(value) >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
}

public enum GaugeLevel
{
    Ok,
    Warn,
    Crit,
}
