namespace DeadMan.Core.Probing;

/// <summary>The only thing a probe hands back: what happened, and what was measured.</summary>
/// <param name="Detail">Why it failed ("host unreachable from 10.0.0.2"), or null.</param>
public readonly record struct ProbeResult(ProbeOutcome Outcome, TimeSpan? Rtt, byte? Ttl, string? Detail)
{
    public bool IsReply => Outcome is ProbeOutcome.Reply or ProbeOutcome.Refused;

    /// <summary>Confirmation echoes the ICMP engine sent for this round because its reply was overdue (they are not rounds: not sent, not lost).</summary>
    public byte Confirmations { get; init; }

    /// <summary>
    /// The host answered a confirmation echo: a round whose own echo was lost still counts as lost (LOSS), but the
    /// host is alive, so it is not a failure in a row (down_after).
    /// </summary>
    public bool HostAnswered { get; init; }

    /// <summary>For a trace's echo ended by an ICMP error: the router or host that sent it; else null.</summary>
    public System.Net.IPAddress? From { get; init; }

    /// <summary>Whether the host is alive by this round: it answered the round's probe or a confirmation of it.</summary>
    public bool Answers => IsReply || HostAnswered;

    public static ProbeResult Reply(TimeSpan rtt, byte? ttl) => new(ProbeOutcome.Reply, rtt, ttl, null);

    /// <summary>An answer that says something about it: a TCP handshake "open", a reset "refused".</summary>
    public static ProbeResult Reply(ProbeOutcome outcome, TimeSpan rtt, string detail) => new(outcome, rtt, null, detail);

    public static ProbeResult Timeout() => new(ProbeOutcome.Timeout, null, null, null);

    public static ProbeResult Failed(ProbeOutcome outcome, string detail) => new(outcome, null, null, detail);
}
