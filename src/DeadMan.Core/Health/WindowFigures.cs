namespace DeadMan.Core.Health;

/// <summary>What a host did over the health window: probes with a result, replies, average RTT and jitter of the replies.</summary>
public readonly record struct WindowFigures(int Sent, int Received, TimeSpan? AverageRtt, TimeSpan? Jitter)
{
    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;
}
