using System.Globalization;
using DeadMan.Core.Text;

namespace DeadMan.Core.Health;

/// <summary>Reads and shows a <see cref="HealthValue"/>, the same from deadman.toml and from a host line.</summary>
public static class HealthValues
{
    /// <summary>The most probes in a row a count may ask for, in deadman.toml as on a host line.</summary>
    public const int MostInARow = 1000;

    /// <summary>The longest time left a limit may name: certificates are not issued for longer.</summary>
    public static readonly TimeSpan LongestTimeLeft = TimeSpan.FromDays(3650);

    /// <summary>
    /// The rule's value from what a file holds: a host line's text ("5%", "50ms", "3"), or what Tomlyn maps a
    /// checked deadman.toml value to (a long, a double or a string). An int, a double or a TimeSpan; false when it is
    /// none or out of range.
    /// </summary>
    public static bool TryRead(HealthValue kind, object raw, out object value)
    {
        value = 0;
        switch (kind)
        {
            case HealthValue.Count when Whole(raw) is { } count && count is >= 1 and <= MostInARow:
                value = (int)count;
                return true;
            case HealthValue.Percent when Number(raw) is { } percent && percent is > 0 and <= 100:
                value = percent;
                return true;
            case HealthValue.Duration when raw is string text && DurationParser.TryParse(text, out TimeSpan span) && span >= TimeSpan.FromMilliseconds(1):
                value = span;
                return true;
            case HealthValue.TimeLeft when raw is string text && DurationParser.TryParse(text, LongestTimeLeft, out TimeSpan left) && left >= TimeSpan.FromHours(1):
                value = left;
                return true;
            default:
                return false;
        }
    }

    /// <summary>What a host line's option must hold, for its error: "invalid down-after '0' (probes in a row, 1 to 1000)".</summary>
    public static string Expected(HealthValue kind) => kind switch
    {
        HealthValue.Count => $"probes in a row, 1 to {MostInARow}",
        HealthValue.Percent => "a percentage above 0 and at most 100, e.g. 5 or 2.5%",
        HealthValue.TimeLeft => "days or hours, e.g. 14d or 48h",
        _ => "a duration, e.g. 50ms",
    };

    /// <summary>The value as --check says it: "3", "5%", "50 ms".</summary>
    public static string Show(object value) => value switch
    {
        double percent => percent.ToString(CultureInfo.InvariantCulture) + "%",
        TimeSpan { TotalHours: >= 24 } days when days.TotalDays % 1 == 0 => days.TotalDays.ToString(CultureInfo.InvariantCulture) + " days",
        TimeSpan span => span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>The value as deadman.toml writes it: 3, 5.5, "60s", "500ms".</summary>
    public static string Toml(object value) => value switch
    {
        TimeSpan span => $"\"{DurationText.Setting(span)}\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static long? Whole(object raw) => raw switch
    {
        long whole => whole,
        string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) => parsed,
        _ => null,
    };

    private static double? Number(object raw) => raw switch
    {
        double number => number,
        long whole => whole,
        string text when double.TryParse(text.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double parsed) => parsed,
        _ => null,
    };
}
