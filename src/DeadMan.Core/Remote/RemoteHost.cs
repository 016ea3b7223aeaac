using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Remote;

/// <summary>One host as every vantage sees it, read back from Prometheus.</summary>
public sealed record RemoteHost(string Name, string Address, string? Group, string Kind, IReadOnlyList<VantageReading> Vantages)
{
    /// <summary>
    /// The worst state seen by a vantage whose agent still reports (the states are in order of severity); unknown when
    /// none does: a stale vantage never counts as up.
    /// </summary>
    public TargetStatus Status => Vantages.Where(v => !v.Stale).Select(v => v.Status).DefaultIfEmpty(TargetStatus.Unknown).Max();

    /// <summary>
    /// True when every live vantage marks it <c>expect=down</c> (a spare, not installed yet): dimmed, and not a host
    /// down for the run's exit status.
    /// </summary>
    public bool ExpectDown { get; init; }

    /// <summary>Which host this is across reads: the labels every vantage's series of it carry.</summary>
    public (string Name, string Address, string? Group, string Kind) Key => (Name, Address, Group, Kind);
}
