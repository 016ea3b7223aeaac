namespace DeadMan.Core.Probing;

/// <summary>The only thing a probe hands back: what happened, and what was measured.</summary>
/// <param name="Detail">Why it failed ("host unreachable from 10.0.0.2"), or null.</param>
public readonly record struct ProbeResult(ProbeOutcome Outcome, TimeSpan? Rtt, byte? Ttl, string? Detail)
{
    public bool IsReply => Outcome is ProbeOutcome.Reply or ProbeOutcome.Refused;

    public static ProbeResult Reply(TimeSpan rtt, byte? ttl) => new(ProbeOutcome.Reply, rtt, ttl, null);

    /// <summary>An answer that says something about it: a TCP handshake "open", a reset "refused".</summary>
    public static ProbeResult Reply(ProbeOutcome outcome, TimeSpan rtt, string detail) => new(outcome, rtt, null, detail);

    public static ProbeResult Timeout() => new(ProbeOutcome.Timeout, null, null, null);

    public static ProbeResult Failed(ProbeOutcome outcome, string detail) => new(outcome, null, null, detail);
}
