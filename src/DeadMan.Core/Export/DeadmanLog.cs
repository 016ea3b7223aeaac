using System.Globalization;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Export;

/// <summary>
/// deadman's per-host logs (<c>-l DIR</c>): a file named after each host, one line per result, as deadman writes
/// them: local time as Python prints it, then RTT, average and sent, in milliseconds. A fifth field says what the
/// result was (<c>ok</c>, <c>timeout</c>, <c>unreachable</c> …), since deadman's RTT field alone hides a loss.
/// <code>2026-11-22 12:34:56.123456 0.052 0.061 42 ok</code>
/// </summary>
public sealed class DeadmanLog(LogAppender appender, TimeZoneInfo? zone = null)
{
    private readonly TimeZoneInfo _zone = zone ?? TimeZoneInfo.Local;

    public void Record(ProbeRecord record)
    {
        DateTime local = TimeZoneInfo.ConvertTime(record.SentAt, _zone).DateTime;
        string rtt = Ms(record.Rtt.Count == 0 ? TimeSpan.Zero : record.Rtt.Last);
        string average = Ms(record.Rtt.Average ?? TimeSpan.Zero);
        appender.Append(record.Target.Name, string.Create(CultureInfo.InvariantCulture,
            $"{local:yyyy-MM-dd HH:mm:ss.ffffff} {rtt} {average} {record.Sent} {Outcome(record.Result.Outcome)}"));
    }

    public static string Outcome(ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Reply => "ok",
        ProbeOutcome.Timeout => "timeout",
        ProbeOutcome.Unreachable => "unreachable",
        ProbeOutcome.TimeExceeded => "ttl-exceeded",
        ProbeOutcome.Unresolved => "unresolved",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.RelayFailed => "relay-failed",
        ProbeOutcome.RelayTimeout => "relay-timeout",
        _ => "error",
    };

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
