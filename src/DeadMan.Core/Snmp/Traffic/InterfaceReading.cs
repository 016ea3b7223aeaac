namespace DeadMan.Core.Snmp.Traffic;

/// <summary>What one poll found for one watched interface; the engine adds peaks and history to make an <see cref="InterfaceView"/>.</summary>
/// <param name="Interface">The name (or index) as the host line gives it.</param>
/// <param name="State">ok, waiting (no rate yet), dropped (the last interval had no valid rate), no-response, unknown-interface.</param>
/// <param name="UtilisationPercent">Of ifHighSpeed (ifSpeed when absent, or the line's speed= override).</param>
/// <param name="Detail">Why a sample was dropped or the agent is not answering.</param>
public record InterfaceReading(
    string Interface,
    int? Index,
    string State,
    double? InBitsPerSecond,
    double? OutBitsPerSecond,
    double? UtilisationPercent,
    string OperStatus,
    long SpeedBitsPerSecond,
    string? Detail)
{
    /// <summary>The octet counters as last read (for metrics); null before the first sample.</summary>
    public ulong? InOctets { get; init; }

    public ulong? OutOctets { get; init; }

    /// <summary>When the poll that made this reading ended; null before the first.</summary>
    public DateTimeOffset? PolledAt { get; init; }

    /// <summary>Before the agent's address is known: nothing polled yet.</summary>
    public static InterfaceReading Resolving(string name) => new(name, null, "waiting", null, null, null, "unknown", 0, "resolving the agent's address");
}
