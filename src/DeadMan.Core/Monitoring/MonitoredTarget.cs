namespace DeadMan.Core.Monitoring;

/// <summary>Everything the monitor keeps for one target: its statistics, its place in the schedule, its lookup.</summary>
internal sealed class MonitoredTarget(TargetState state, ScheduledTarget scheduled, bool probed) : IDisposable
{
    public TargetState State { get; } = state;

    public ScheduledTarget Scheduled { get; } = scheduled;

    /// <summary>False for kinds this build cannot probe: they are listed but never scheduled.</summary>
    public bool Probed { get; } = probed;

    /// <summary>Stops the name lookup (and its retries) when the target is removed by a reload.</summary>
    public CancellationTokenSource Resolving { get; } = new();

    /// <summary>Only the monitor loop touches this.</summary>
    public RecordOrder Records { get; } = new();

    public void Dispose()
    {
        Resolving.Cancel();
        Resolving.Dispose();
        Scheduled.Probe?.Dispose();
    }
}
