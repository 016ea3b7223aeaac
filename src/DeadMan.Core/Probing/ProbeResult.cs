namespace DeadMan.Core.Probing;

/// <summary>The only thing a probe hands back: what happened, and what was measured.</summary>
/// <param name="Detail">Why it failed ("host unreachable from 10.0.0.2"), or null.</param>
public readonly record struct ProbeResult(ProbeOutcome Outcome, TimeSpan? Rtt, byte? Ttl, string? Detail)
{
    public bool IsReply => Outcome == ProbeOutcome.Reply;

    public static ProbeResult Reply(TimeSpan rtt, byte? ttl) => new(ProbeOutcome.Reply, rtt, ttl, null);

    public static ProbeResult Timeout() => new(ProbeOutcome.Timeout, null, null, null);

    public static ProbeResult Failed(ProbeOutcome outcome, string detail) => new(outcome, null, null, detail);
}
