using System.Globalization;

namespace DeadMan.Core.Text;

/// <summary>How long, as the screen, the alerts and the logs say it.</summary>
public static class DurationText
{
    /// <summary>Time in a state in five columns or fewer, the finer unit while it fits: 9s, 3m12s, 42m, 2h04m, 14h, 3d02h, 45d.</summary>
    public static string Compact(TimeSpan span)
    {
        long seconds = Math.Max(0, (long)span.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 600 => $"{seconds / 60}m{seconds % 60:00}s",
            < 3600 => $"{seconds / 60}m",
            < 36_000 => $"{seconds / 3600}h{seconds / 60 % 60:00}m",
            < 86_400 => $"{seconds / 3600}h",
            < 864_000 => $"{seconds / 86_400}d{seconds / 3600 % 24:00}h",
            _ => $"{seconds / 86_400}d",
        };
    }

    /// <summary>A duration as deadman.toml writes it: whole days as "14d", whole seconds as "60s", anything finer as "500ms".</summary>
    public static string Setting(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? span.TotalDays.ToString(CultureInfo.InvariantCulture) + "d"
        : span.TotalMilliseconds % 1000 == 0
            ? span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"
            : span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
}
