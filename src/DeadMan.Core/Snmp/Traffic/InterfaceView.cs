namespace DeadMan.Core.Snmp.Traffic;

/// <summary>One watched interface as the screen and the report show it.</summary>
/// <param name="State">ok, waiting (no rate yet), dropped (the last interval had no valid rate), no-response, unknown-interface.</param>
/// <param name="UtilisationPercent">Of ifHighSpeed (ifSpeed when absent, or the line's speed= override).</param>
/// <param name="Detail">Why a sample was dropped or the agent is not answering.</param>
public sealed record InterfaceView(
    string Host,
    string Interface,
    int? Index,
    string State,
    double? InBitsPerSecond,
    double? OutBitsPerSecond,
    double? UtilisationPercent,
    string OperStatus,
    long SpeedBitsPerSecond,
    double PeakInBitsPerSecond,
    double PeakOutBitsPerSecond,
    string? Detail)
{
    /// <summary>The octet counters as last read (for metrics); null before the first sample.</summary>
    public ulong? InOctets { get; init; }

    public ulong? OutOctets { get; init; }

    /// <summary>When the agent was last polled for it; null before the first poll.</summary>
    public DateTimeOffset? PolledAt { get; init; }

    /// <summary>Recent rates, newest first, for the sparklines (empty until there is a rate).</summary>
    public IReadOnlyList<(double In, double Out)> History { get; init; } = [];

    public static InterfaceView Of(string host, InterfaceReading r, double peakIn, double peakOut, IReadOnlyList<(double In, double Out)> history) =>
        new(host, r.Interface, r.Index, r.State, r.InBitsPerSecond, r.OutBitsPerSecond, r.UtilisationPercent, r.OperStatus, r.SpeedBitsPerSecond,
            peakIn, peakOut, r.Detail)
        {
            InOctets = r.InOctets,
            OutOctets = r.OutOctets,
            PolledAt = r.PolledAt,
            History = history,
        };
}
