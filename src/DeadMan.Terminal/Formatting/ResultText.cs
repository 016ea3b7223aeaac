using System.Globalization;
using DeadMan.Core.Probing;

namespace DeadMan.Terminal.Formatting;

/// <summary>
/// A result in words, as the detail view and the events pane say it: "no reply", "unreachable from 198.18.0.1",
/// "1.23 ms, TTL 64". A probe that timed out is "no reply" here as everywhere an operator reads it (the row, the
/// legend, the logs' detail, alerts); "timeout" is only the per-host log's machine field.
/// </summary>
public static class ResultText
{
    public static string Describe(ProbeResult result)
    {
        string rtt = result.Rtt is { } r ? Figures.Rtt(r) + " ms" : "";
        return result.Outcome switch
        {
            ProbeOutcome.Reply => result.Ttl is { } ttl ? $"{rtt}, TTL {ttl.ToString(CultureInfo.InvariantCulture)}"
                : result.Detail is { } said ? $"{rtt}, {said}" : rtt,
            ProbeOutcome.Refused => $"refused in {rtt} (alive, port closed)",
            // The detail is the reason itself: "NXDOMAIN", "no MX record", "unexpected answer: …".
            ProbeOutcome.Wrong => result.Detail ?? Name(result.Outcome),
            _ => Named(Name(result.Outcome), result.Detail),
        };
    }

    public static string Name(ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Reply => "reply",
        ProbeOutcome.Timeout => Core.Health.StateWords.NoReply,
        ProbeOutcome.Unreachable => "unreachable",
        ProbeOutcome.TimeExceeded => "TTL exceeded",
        ProbeOutcome.Unresolved => "unresolved",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.RelayFailed => "relay failed",
        ProbeOutcome.RelayTimeout => "relay timeout",
        ProbeOutcome.Wrong => "wrong answer",
        ProbeOutcome.TooBig => "too big",
        _ => "error",
    };

    // The detail often says it already ("host unreachable from 198.18.0.1"): do not say it twice.
    private static string Named(string name, string? detail) =>
        detail is null or "" ? name
        : detail.Contains(name, StringComparison.OrdinalIgnoreCase) || (name == "TTL exceeded" && detail.Contains("exceeded", StringComparison.Ordinal)) ? detail
        : $"{name}: {detail}";
}
