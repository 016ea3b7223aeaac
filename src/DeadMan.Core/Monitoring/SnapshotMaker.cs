using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Makes the engine's pictures from what the loop keeps. Each target's view is made again only after it changed
/// (<see cref="TargetState.View"/>), and the lists of interfaces, gauges and events only after a poll, a reload or a
/// change, so most pictures share most of the one before. Only the engine loop calls it.
/// </summary>
internal sealed class SnapshotMaker(Roster roster, RecentEvents events)
{
    private IReadOnlyList<InterfaceView>? _interfaces;
    private IReadOnlyList<GaugeView>? _gauges;
    private long _version;

    /// <summary>A poll or a reload changed the agents' interfaces or gauges.</summary>
    public void AgentsChanged() => (_interfaces, _gauges) = (null, null);

    /// <param name="focus">The target whose latest results the picture carries too.</param>
    /// <param name="tracing">The engine's traces: the live one's target, and the counts for metrics.</param>
    public MonitorSnapshot Build(DateTimeOffset now, bool paused, int? focus, PathTracing? tracing = null, string? liveNote = null)
    {
        var layout = roster.Layout;
        var rows = RowList.Build(layout.Length, i => new MonitorRow(layout[i].Target?.State.View, layout[i].Separator));
        WatchedAgent[] agents = roster.AgentOrder;
        _interfaces ??= [.. agents.SelectMany(a => a.Interfaces.Select(i => i.View(a.Host.Name)))];
        _gauges ??= [.. agents.SelectMany(a => a.Gauges.Select(g => g.View(a.Host.Name))).OfType<GaugeView>()];
        TargetDetail? focused = focus is { } id && roster.Targets.TryGetValue(id, out MonitoredTarget? target)
            ? new TargetDetail(target.State.View, target.State.Recent.ToArray().AsReadOnly())
            {
                LiveTrace = tracing?.LiveTarget == id ? target.State.LiveTrace : null,
                LiveTraceNote = liveNote,
            }
            : null;
        return new MonitorSnapshot(++_version, now, rows)
        {
            Paused = paused,
            Interfaces = _interfaces,
            Gauges = _gauges,
            Events = events.List,
            Focused = focused,
            TracesStarted = tracing?.Started ?? 0,
            TracesJoined = tracing?.Joined ?? 0,
        };
    }
}
