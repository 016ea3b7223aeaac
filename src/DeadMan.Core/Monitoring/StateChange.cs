namespace DeadMan.Core.Monitoring;

/// <summary>A target went up or down.</summary>
public sealed record StateChange(TargetView Target, TargetStatus From, TargetStatus To, DateTimeOffset At);
