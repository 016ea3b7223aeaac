namespace DeadMan.Core.Monitoring;

/// <summary>Everything the engine knows of one target: its picture and its latest results, newest first.</summary>
public sealed record TargetDetail(TargetView Target, IReadOnlyList<RecentResult> Recent);
