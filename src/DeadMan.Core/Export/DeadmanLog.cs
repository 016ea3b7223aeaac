using System.Globalization;
using System.Text;
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

    // A log line is written for every result (1,000 a second at 1,000 hosts), so it is put together by hand: the
    // date and time to the second once a second, milliseconds without the custom numeric formats.
    private long _second = -1;
    private string _secondText = "";
    private readonly Dictionary<string, string> _fileNames = new(StringComparer.Ordinal);

    /// <summary>Linux refuses a file name over 255 bytes (NAME_MAX).</summary>
    public const int MaxFileNameBytes = 255;

    // A long name keeps this much of itself, then '~' and a digest of the whole, so two long names never share a file.
    private const int DigestLength = 16;

    /// <summary>Called on the engine loop only (as <see cref="Monitoring.Monitor.ResultRecorded"/> is raised).</summary>
    public void Record(ProbeRecord record)
    {
        DateTime local = TimeZoneInfo.ConvertTime(record.SentAt, _zone).DateTime;
        Span<char> line = stackalloc char[128];
        int length = Timestamp(local, line);
        line[length++] = ' ';
        length += Ms(record.Rtt.Count == 0 ? TimeSpan.Zero : record.Rtt.Last, line[length..]);
        line[length++] = ' ';
        length += Ms(record.Rtt.Average ?? TimeSpan.Zero, line[length..]);
        line[length++] = ' ';
        record.Sent.TryFormat(line[length..], out int sent, provider: CultureInfo.InvariantCulture);
        length += sent;
        line[length++] = ' ';
        string outcome = Outcome(record.Result.Outcome);
        outcome.CopyTo(line[length..]);
        length += outcome.Length;
        if (!_fileNames.TryGetValue(record.Target.Name, out string? file))
        {
            file = FileName(record.Target.Name);
            _fileNames[record.Target.Name] = file;
        }

        appender.Append(file, new string(line[..length]));
    }

    /// <summary>
    /// The log file of a host, named after it as deadman names it, made safe for any name an operator may write:
    /// '/' and '%' are escaped, leading dots and control characters too; a name that would be the event log's file
    /// gets its first letter escaped; a name over 255 bytes of UTF-8 is cut short and ends with a digest of the whole.
    /// </summary>
    public static string FileName(string host)
    {
        var safe = new StringBuilder(host.Length);
        for (int i = 0; i < host.Length; i++)
        {
            char c = host[i];
            bool escape = c is '/' or '%' or '\0' || char.IsControl(c) || (i == 0 && c == '.');
            safe.Append(escape ? $"%{(int)c:X2}" : c);
        }

        string name = safe.Length == 0 ? "%00" : safe.ToString();
        if (name == EventLog.FileName)
        {
            name = $"%{(int)name[0]:X2}{name[1..]}";
        }

        return Encoding.UTF8.GetByteCount(name) <= MaxFileNameBytes ? name : Shortened(name, host);
    }

    private static string Shortened(string name, string host)
    {
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(host)))[..DigestLength];
        int budget = MaxFileNameBytes - 1 - DigestLength;
        var kept = new StringBuilder();
        int bytes = 0;
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            kept.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        return $"{kept}~{digest}";
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
        ProbeOutcome.Wrong => "wrong-answer",
        ProbeOutcome.TooBig => "too-big",
        _ => "error",
    };

    // yyyy-MM-dd HH:mm:ss.ffffff, as Python prints a datetime.
    private int Timestamp(DateTime local, Span<char> into)
    {
        long second = local.Ticks / TimeSpan.TicksPerSecond;
        if (second != _second)
        {
            _secondText = local.ToString("yyyy-MM-dd HH:mm:ss.", CultureInfo.InvariantCulture);
            _second = second;
        }

        _secondText.CopyTo(into);
        int micros = (int)(local.Ticks % TimeSpan.TicksPerSecond / 10);
        micros.TryFormat(into[_secondText.Length..], out int digits, "D6", CultureInfo.InvariantCulture);
        return _secondText.Length + digits;
    }

    // Milliseconds to three decimals without trailing zeros ("0.###"): 1.5, 0.052, 12.
    private static int Ms(TimeSpan value, Span<char> into)
    {
        long thousandths = (Math.Max(0, value.Ticks) + 5) / 10;
        (thousandths / 1000).TryFormat(into, out int length, provider: CultureInfo.InvariantCulture);
        int fraction = (int)(thousandths % 1000);
        if (fraction != 0)
        {
            into[length++] = '.';
            for (int divisor = 100; fraction != 0; divisor /= 10)
            {
                into[length++] = (char)('0' + (fraction / divisor));
                fraction %= divisor;
            }
        }

        return length;
    }
}
