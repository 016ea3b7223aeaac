using DeadMan.Core.Monitoring;

namespace DeadMan.Terminal.Model;

/// <summary>Everything one frame shows: the engine's snapshot (targets, interfaces, recent events) and the operator's choices, as plain values.</summary>
/// <param name="Now">The clock to show, already in the operator's time zone.</param>
/// <param name="Tick">Advances once a second: turns the spinner, blinks the arrow.</param>
/// <param name="Message">A line for the status bar: a reload error, a warning; null when all is well.</param>
public sealed record DisplayModel(
    MonitorSnapshot Snapshot,
    ViewState View,
    string HostInfo,
    string Version,
    DateTimeOffset Now,
    int Tick,
    string? Message,
    bool MessageIsAlert)
{
    /// <summary>The engine's account of the selected host, while its detail is open; may lag a frame behind.</summary>
    public TargetDetail? Detail { get; init; }

    /// <summary>The table's rows as arranged for this frame (a held ranking); null to arrange them from the snapshot.</summary>
    public IReadOnlyList<Table.TableRow>? Rows { get; init; }
}
