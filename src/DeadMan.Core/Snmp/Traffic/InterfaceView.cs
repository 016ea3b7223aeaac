namespace DeadMan.Core.Snmp.Traffic;

/// <summary>
/// One watched interface as the screen and the report show it: the last poll's reading, with the name of the host
/// line it belongs to and what the engine kept across polls (peaks, recent rates).
/// </summary>
public sealed record InterfaceView : InterfaceReading
{
    public InterfaceView(string host, InterfaceReading reading, double peakInBitsPerSecond, double peakOutBitsPerSecond)
        : base(reading)
    {
        Host = host;
        PeakInBitsPerSecond = peakInBitsPerSecond;
        PeakOutBitsPerSecond = peakOutBitsPerSecond;
    }

    public string Host { get; }

    public double PeakInBitsPerSecond { get; }

    public double PeakOutBitsPerSecond { get; }

    /// <summary>Recent rates, newest first, for the sparklines (empty until there is a rate).</summary>
    public IReadOnlyList<(double In, double Out)> History { get; init; } = [];
}
