namespace DeadMan.Core.Monitoring;

/// <summary>Everything the monitor keeps for one target: its statistics, its place in the schedule, its lookup.</summary>
internal sealed class MonitoredTarget(TargetState state, ScheduledTarget scheduled, bool probed, bool hostName) : IDisposable
{
    private volatile bool _removed;

    public TargetState State { get; } = state;

    public ScheduledTarget Scheduled { get; } = scheduled;

    /// <summary>False for kinds this build cannot probe: they are listed but never scheduled.</summary>
    public bool Probed { get; } = probed;

    /// <summary>
    /// Stops a name's lookup (and its retries) at once when the target is removed by a reload. A literal needs none:
    /// its lookup never waits, and a retry (a probe that could not be made) sees <see cref="Removed"/>; at 10,000
    /// targets a source each, with its registration, held 2 MB.
    /// </summary>
    public CancellationTokenSource? Resolving { get; } = hostName ? new() : null;

    /// <summary>Set when a reload removed the target: a lookup or retry still running must drop what it made.</summary>
    public bool Removed => _removed;

    /// <summary>Only the monitor loop touches this; made for the first record, as only log and alert listeners want records.</summary>
    public RecordOrder Records => field ??= new();

    public void Dispose()
    {
        _removed = true;
        Resolving?.Cancel();
        Resolving?.Dispose();
        Scheduled.Probe?.Dispose();
    }
}
