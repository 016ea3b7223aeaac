namespace DeadMan.Core.Snmp.Traffic;

/// <summary>Bits per second in and out between two samples, or why there is no rate for that interval.</summary>
public readonly record struct RateResult(double InBitsPerSecond, double OutBitsPerSecond, RateGap Gap, string? Dropped)
{
    public bool HasRate => Gap == RateGap.None;

    public static RateResult Of(double inBitsPerSecond, double outBitsPerSecond) => new(inBitsPerSecond, outBitsPerSecond, RateGap.None, null);

    public static RateResult Drop(RateGap gap, string why) => new(0, 0, gap, why);
}

/// <summary>Why two samples give no rate; the poller acts on some (look the index up again, wait for the agent to settle).</summary>
public enum RateGap
{
    None,
    InterfaceChanged,
    CountersRestarted,
    CounterWidthChanged,
    AgentRestarted,
    ClockMismatch,
    CounterReset,
    AboveLineRate,
}
