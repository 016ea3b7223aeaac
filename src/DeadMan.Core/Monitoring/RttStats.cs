namespace DeadMan.Core.Monitoring;

/// <summary>
/// A pure fold over replies: last, min, average, max and jitter (the mean absolute difference between consecutive
/// RTTs, as mtr and RFC 4689 §3.3 use it).
/// </summary>
public readonly record struct RttStats(int Count, TimeSpan Last, TimeSpan Min, TimeSpan Max, TimeSpan Sum, TimeSpan JitterSum)
{
    public TimeSpan? Average => Count == 0 ? null : Sum / Count;

    public TimeSpan? Jitter => Count < 2 ? null : JitterSum / (Count - 1);

    public RttStats Add(TimeSpan rtt) => Count == 0
        ? new RttStats(1, rtt, rtt, rtt, rtt, TimeSpan.Zero)
        : new RttStats(Count + 1, rtt, rtt < Min ? rtt : Min, rtt > Max ? rtt : Max, Sum + rtt, JitterSum + (rtt - Last).Duration());

    /// <summary>
    /// Figures another deadman reported (its latest RTT and its average) rather than replies folded here: one reply
    /// whose sum is the average, so <see cref="Last"/> and <see cref="Average"/> read back as reported.
    /// </summary>
    public static RttStats Reported(TimeSpan? last, TimeSpan? average) => (last ?? average) is { } shown
        ? new RttStats(1, shown, shown, shown, average ?? shown, TimeSpan.Zero)
        : default;
}
