using DeadMan.Core.Health;

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

    /// <summary>
    /// False when the agent was run without --vantage and <see cref="Vantage"/> is its scrape target (an address and
    /// port): public pages never show it.
    /// </summary>
    public bool Named { get; init; } = true;

    /// <summary>"down from hall-b, degraded from noc": the vantages that see trouble, each by the name given.</summary>
    public static string? Trouble(IEnumerable<VantageReading> vantages, Func<VantageReading, string> name)
    {
        string said = string.Join(", ", vantages.Where(v => !v.Stale && v.Status is TargetStatus.Degraded or TargetStatus.Down)
            .Select(v => $"{(v.Status == TargetStatus.Down ? "down" : "degraded")} from {name(v)}"));
        return said.Length > 0 ? said : null;
    }

    /// <summary>
    /// The names a public page gives the vantages of one host: a named one keeps its name, one named after its scrape
    /// target becomes "vantage 1", "vantage 2" … in the list's order.
    /// </summary>
    public static Func<VantageReading, string> PublicNames(IReadOnlyList<VantageReading> vantages)
    {
        var unnamed = vantages.Where(v => !v.Named).Select((v, i) => (v, i)).ToDictionary(p => p.v, p => $"vantage {p.i + 1}");
        return v => unnamed.GetValueOrDefault(v) ?? v.Vantage;
    }
}
