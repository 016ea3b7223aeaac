using System.Globalization;

namespace DeadMan.Core.Settings;

/// <summary>How deadman.toml writes a maintenance window's start and end: a local time with its zone's offset.</summary>
internal static class MaintenanceTimes
{
    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd HH:mm zzz", "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd HH:mmzzz",
    ];

    /// <summary>"2026-12-08 09:00 +09:00" (or ISO 8601's "2026-12-08T09:00:00+09:00"); null without an offset or when not a time.</summary>
    public static DateTimeOffset? Zoned(string text) =>
        DateTimeOffset.TryParseExact(text.Trim(), s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset at) ? at : null;
}
