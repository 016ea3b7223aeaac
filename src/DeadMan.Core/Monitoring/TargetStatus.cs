namespace DeadMan.Core.Monitoring;

/// <summary>As in deadman: down while the latest probe failed, up once one answers, unknown before any result.</summary>
public enum TargetStatus
{
    Unknown,
    Up,
    Down,
}
