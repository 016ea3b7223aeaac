using DeadMan.Core.Monitoring;

namespace DeadMan.Terminal;

/// <summary>Everything one frame shows: the engine's snapshot and the operator's choices, as plain values.</summary>
/// <param name="Events">Recent up/down changes, newest first.</param>
/// <param name="Now">The clock to show, already in the operator's time zone.</param>
/// <param name="Tick">Advances once a second: turns the spinner, blinks the arrow.</param>
/// <param name="Message">A line for the status bar: a reload error, a warning; null when all is well.</param>
public sealed record DisplayModel(
    MonitorSnapshot Snapshot,
    ViewState View,
    IReadOnlyList<StateChange> Events,
    string HostInfo,
    string Version,
    DateTimeOffset Now,
    int Tick,
    string? Message,
    bool MessageIsAlert)
{
    /// <summary>Interfaces watched over SNMP (<c>traffic=</c>), for the traffic panel.</summary>
    public IReadOnlyList<Core.Snmp.Traffic.InterfaceView> Interfaces { get; init; } = [];
}
