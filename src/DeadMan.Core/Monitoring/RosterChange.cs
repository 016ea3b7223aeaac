namespace DeadMan.Core.Monitoring;

/// <summary>What a load changed: what the loop must start, what it must stop, and every line's target with its agent.</summary>
internal sealed class RosterChange
{
    public List<MonitoredTarget> Added { get; } = [];

    public List<WatchedAgent> AddedAgents { get; } = [];

    public List<IDisposable> Removed { get; } = [];

    /// <summary>A line that no longer lists a gauge no longer has it judged: the loop judges every line again.</summary>
    public List<(MonitoredTarget Target, WatchedAgent? Agent)> Lines { get; } = [];
}
