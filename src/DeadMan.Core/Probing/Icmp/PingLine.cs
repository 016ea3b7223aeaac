using System.Globalization;
using System.Text.RegularExpressions;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Reads one line of iputils <c>ping -n -O</c> output (run with LC_ALL=C); BSD and macOS ping print replies the same
/// way. <c>sequence</c> is the line's icmp_seq, when it has one.
/// </summary>
internal static partial class PingLine
{
    public static bool TryParse(string line, out ProbeResult result) => TryParse(line, out result, out _);

    public static bool TryParse(string line, out ProbeResult result, out long? sequence)
    {
        result = default;
        sequence = SequencePattern().Match(line) is { Success: true } seq ? long.Parse(seq.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        if (line.Contains("(DUP!)", StringComparison.Ordinal))
        {
            return false;
        }

        if (ReplyPattern().Match(line) is { Success: true } reply)
        {
            double ms = double.Parse(reply.Groups["time"].Value, CultureInfo.InvariantCulture);
            byte? ttl = byte.TryParse(reply.Groups["ttl"].Value, CultureInfo.InvariantCulture, out byte t) ? t : null;
            result = ProbeResult.Reply(TimeSpan.FromMilliseconds(ms), ttl);
            return true;
        }

        if (line.StartsWith("no answer yet", StringComparison.Ordinal))
        {
            result = ProbeResult.Timeout();
            return true;
        }

        if (ErrorPattern().Match(line) is { Success: true } error)
        {
            string reason = error.Groups["reason"].Value.Trim();
            var outcome = reason.Contains("exceeded", StringComparison.OrdinalIgnoreCase) ? ProbeOutcome.TimeExceeded : ProbeOutcome.Unreachable;
            result = ProbeResult.Failed(outcome, $"{reason} from {error.Groups["from"].Value}");
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"icmp_seq=(\d+)")]
    private static partial Regex SequencePattern();

    [GeneratedRegex(@"icmp_seq=\d+ (?:ttl|hlim)=(?<ttl>\d+) time=(?<time>[\d.]+) ms")]
    private static partial Regex ReplyPattern();

    [GeneratedRegex(@"^From (?<from>\S+?):? icmp_seq=\d+ (?<reason>.+)$")]
    private static partial Regex ErrorPattern();
}
