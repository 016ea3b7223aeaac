using System.Globalization;

namespace DeadMan.Core.Text;

/// <summary>
/// Reads durations as operators write them, on the command line and in deadman.toml: <c>200ms</c>, <c>1s</c>,
/// <c>1.5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>; a bare number is seconds. At most a day, unless the setting takes longer
/// (a certificate's time left: <c>14d</c>).
/// </summary>
public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration) => TryParse(text, TimeSpan.FromDays(1), out duration);

    public static bool TryParse(string text, TimeSpan most, out TimeSpan duration)
    {
        duration = default;
        string trimmed = text.Trim().ToLowerInvariant();
        (string number, double scale) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.Ordinal) => (trimmed[..^2], 0.001),
            _ when trimmed.EndsWith('s') => (trimmed[..^1], 1.0),
            _ when trimmed.EndsWith('m') => (trimmed[..^1], 60.0),
            _ when trimmed.EndsWith('h') => (trimmed[..^1], 3600.0),
            _ when trimmed.EndsWith('d') => (trimmed[..^1], 86_400.0),
            _ => (trimmed, 1.0),
        };
        if (!double.TryParse(number.TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value * scale > most.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }
}
