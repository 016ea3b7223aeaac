using System.Globalization;
using System.Text.RegularExpressions;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Reads one line of iputils <c>ping -n -O</c> output (run with LC_ALL=C); BSD and macOS ping print replies the same
/// way and losses as "Request timeout". <c>sequence</c> is the line's icmp_seq, when it has one.
/// </summary>
internal static partial class PingLine
{
    private const double MaxRttMilliseconds = 3_600_000;

    public static bool TryParse(string line, out ProbeResult result) => TryParse(line, out result, out _);

    public static bool TryParse(string line, out ProbeResult result, out long? sequence)
    {
        result = default;
        sequence = SequencePattern().Match(line) is { Success: true } seq && long.TryParse(seq.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long number)
            ? number
            : null;
        if (line.Contains("(DUP!)", StringComparison.Ordinal))
        {
            return false;
        }

        // A time that is no number ("1.2.3") or no RTT a ping can have (over an hour) comes from a mangled line: no reply.
        if (ReplyPattern().Match(line) is { Success: true } reply
            && double.TryParse(reply.Groups["time"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double ms)
            && ms <= MaxRttMilliseconds)
        {
            byte? ttl = byte.TryParse(reply.Groups["ttl"].Value, CultureInfo.InvariantCulture, out byte t) ? t : null;
            result = ProbeResult.Reply(TimeSpan.FromMilliseconds(ms), ttl);
            return true;
        }

        // iputils -O says "no answer yet for icmp_seq=N"; BSD and macOS say "Request timeout for icmp_seq N".
        if (line.StartsWith("no answer yet", StringComparison.Ordinal) || line.StartsWith("Request timeout for", StringComparison.Ordinal))
        {
            result = ProbeResult.Timeout();
            return true;
        }

        // With -M do, an echo larger than this host's own link never leaves: ping says so on standard error, without
        // a sequence.
        if (LocalTooBigPattern().Match(line) is { Success: true } local)
        {
            result = ProbeResult.Failed(ProbeOutcome.TooBig, $"too big: MTU {local.Groups[1].Value} on this host's own link");
            return true;
        }

        if (ErrorPattern().Match(line) is { Success: true } error)
        {
            string reason = error.Groups["reason"].Value.Trim();
            // "Frag needed and DF set (mtu = 1400)", "Packet too big: mtu=1400": said as the engine says it.
            if (MtuPattern().Match(reason) is { Success: true } mtu)
            {
                result = ProbeResult.Failed(ProbeOutcome.TooBig, $"too big: MTU {mtu.Groups[1].Value} at {error.Groups["from"].Value}");
                return true;
            }

            var outcome = reason.Contains("exceeded", StringComparison.OrdinalIgnoreCase) ? ProbeOutcome.TimeExceeded : ProbeOutcome.Unreachable;
            result = ProbeResult.Failed(outcome, $"{reason} from {error.Groups["from"].Value}");
            return true;
        }

        return false;
    }

    // [0-9], not \d: \d also takes other scripts' digits, which no ping prints and no invariant parse reads.
    [GeneratedRegex(@"icmp_seq[= ]([0-9]+)")]
    private static partial Regex SequencePattern();

    [GeneratedRegex(@"icmp_seq=[0-9]+ (?:ttl|hlim)=(?<ttl>[0-9]+) time=(?<time>[0-9.]+) ms")]
    private static partial Regex ReplyPattern();

    [GeneratedRegex(@"^From (?<from>\S+?):? icmp_seq=[0-9]+ (?<reason>.+)$")]
    private static partial Regex ErrorPattern();

    [GeneratedRegex(@"^(?:Frag needed|Packet too big).*mtu ?= ?([0-9]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MtuPattern();

    [GeneratedRegex(@"^ping: local error: message too long, mtu ?= ?([0-9]+)")]
    private static partial Regex LocalTooBigPattern();
}
