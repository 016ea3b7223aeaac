namespace DeadMan.Core.Snmp.Traffic;

/// <summary>An SNMP agent of a host line stopped answering, answers again, or restarted (its sysUpTime went back).</summary>
/// <param name="Agent">address:port as polled.</param>
/// <param name="Detail">Why it is not answering; null otherwise.</param>
public sealed record AgentChange(DateTimeOffset At, string Host, string Agent, AgentChangeKind Kind, string? Detail);

public enum AgentChangeKind
{
    StoppedAnswering,
    Answering,
    Restarted,
}
