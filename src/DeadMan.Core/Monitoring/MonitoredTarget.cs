namespace DeadMan.Core.Monitoring;

/// <summary>Everything the monitor keeps for one target: its statistics, its place in the schedule, its lookup.</summary>
/// <param name="lookedUp">A host name, or a literal whose zone names an interface that may not exist yet.</param>
internal sealed class MonitoredTarget(TargetState state, ScheduledTarget scheduled, bool probed, bool lookedUp) : IDisposable
{
    public TargetState State { get; } = state;

    public ScheduledTarget Scheduled { get; } = scheduled;

    /// <summary>False for kinds this build cannot probe: they are listed but never scheduled.</summary>
    public bool Probed { get; } = probed;

    /// <summary>
    /// Stops a lookup (and its retries) at once when the target is removed by a reload. A plain literal needs none:
    /// the loop makes its probe at once; at 10,000 targets a source each, with its registration, held 2 MB.
    /// </summary>
    public CancellationTokenSource? Resolving { get; } = lookedUp ? new() : null;

    /// <summary>Only the monitor loop touches this; made for the first record, as only log and alert listeners want records.</summary>
    public RecordOrder Records => field ??= new();

    public void Dispose()
    {
        Resolving?.Cancel();
        Resolving?.Dispose();
        Scheduled.Probe?.Dispose();
    }
}
