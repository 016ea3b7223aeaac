namespace DeadMan.Core.Snmp.Gauges;

/// <summary>What one poll found for one gauge of a host line.</summary>
/// <param name="State">ok, waiting (a counter's first sample, or nothing polled yet), no-value (the agent has nothing at the OID or it is no number), or the agent's state when it did not answer (no-response, wrong-digest, …).</param>
/// <param name="Value">Scaled; per second for a counter. Null unless ok.</param>
/// <param name="Detail">Why there is no value.</param>
public sealed record GaugeReading(GaugeDefinition Definition, string State, double? Value, string? Detail)
{
    public string Name => Definition.Name;

    public GaugeLevel Level => Value is { } value ? Definition.Level(value) : GaugeLevel.Ok;

    /// <summary>Why this gauge makes its host degraded ("clients 118 ≥ 80"); null when it does not.</summary>
    public string? Reason => Value is { } value ? Definition.Reason(value) : null;

    /// <summary>Before the first poll has answered: listed as waiting, so every gauge a line names is shown from the start.</summary>
    public static GaugeReading Waiting(GaugeDefinition definition) => new(definition, "waiting", null, "not read yet");
}
