namespace DeadMan.Core.Health;

/// <summary>
/// deadman's states and one more: unknown before a judgement; up; degraded, up but failing its users over the health
/// window (loss, average RTT or jitter past a limit); down after <c>down_after</c> failures in a row. Ordered from
/// best to worst, after unknown.
/// </summary>
public enum TargetStatus
{
    Unknown,
    Up,
    Degraded,
    Down,
}
