namespace DeadMan.Core.Monitoring;

/// <summary>Everything the engine knows of one target: its picture and its latest results, newest first.</summary>
public sealed record TargetDetail(TargetView Target, IReadOnlyList<RecentResult> Recent)
{
    /// <summary>Its live trace's latest picture (<see cref="IMonitorView.TraceLive"/>), while one runs.</summary>
    public Probing.Trace.PathTrace? LiveTrace { get; init; }

    /// <summary>Why a live trace asked for does not run ("not traced from here: …").</summary>
    public string? LiveTraceNote { get; init; }
}
