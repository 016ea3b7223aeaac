namespace DeadMan.Core.Monitoring;

/// <summary>
/// What one vantage's deadman last said of a host, read back from Prometheus; <see cref="Stale"/> when its series
/// stopped coming (the agent is gone or cannot be scraped), and then it never counts as up.
/// </summary>
/// <param name="Sent">Probes with a result since that agent started (deadman_probes_sent_total).</param>
public sealed record VantageReading(string Vantage, TargetStatus Status, bool Stale, double? RttMs, double? AverageMs, double? LossPercent)
{
    public long Sent { get; init; }

    public long Received { get; init; }

    /// <summary>Live and seeing the host down: what "worst first" counts.</summary>
    public bool SeesDown => !Stale && Status == TargetStatus.Down;
}
