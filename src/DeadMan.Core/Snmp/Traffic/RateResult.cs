namespace DeadMan.Core.Snmp.Traffic;

/// <summary>Bits per second in and out between two samples, or why there is no rate for that interval.</summary>
public readonly record struct RateResult(double InBitsPerSecond, double OutBitsPerSecond, string? Dropped)
{
    public bool HasRate => Dropped is null;

    public static RateResult Drop(string why) => new(0, 0, why);
}
