using System.Globalization;

namespace DeadMan.Core.Health;

/// <summary>
/// A [[maintenance]] window of deadman.toml: for the hosts it matches (by group title and/or name, as
/// [[health.match]]), a time when their trouble is expected: shown as maintenance, never rung for or alerted.
/// Either once (<see cref="Start"/> to <see cref="End"/>, with their zones), or every week at a time of day
/// (<see cref="Weekly"/>) for <see cref="Duration"/>.
/// </summary>
public sealed record MaintenanceWindow(HealthMatch Match, DateTimeOffset? Start, DateTimeOffset? End, WeeklyTime? Weekly, TimeSpan? Duration, string? Note)
{
    public bool Applies(string name, string? group) => Match.Applies(name, group);

    /// <summary>Whether the window is open at <paramref name="now"/>.</summary>
    public bool OpenAt(DateTimeOffset now) => Start is { } start && End is { } end ? now >= start && now < end
        : Weekly is { } weekly && Duration is { } duration && weekly.LastStart(now) is var last && now < last + duration;

    /// <summary>"Sun 02:00 +09:00 for 2h", "2026-12-08 09:00 +09:00 to 12:00": for --check and the detail.</summary>
    public string Describe() => Start is { } start && End is { } end
        ? $"{start.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} to {(end.Date == start.Date && end.Offset == start.Offset ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : end.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))}"
        : $"every {Weekly} for {Text.DurationText.Compact(Duration ?? TimeSpan.Zero)}";
}

/// <summary>A weekly time: "sun 02:00", in the machine's zone unless an offset follows ("sun 02:00 +09:00").</summary>
public sealed record WeeklyTime(DayOfWeek Day, TimeSpan TimeOfDay, TimeSpan? Offset)
{
    private static readonly string[] s_days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>Reads "sun 02:00", "Sunday 2:00", "sat 23:30 +09:00"; null when it is none of these.</summary>
    public static WeeklyTime? Parse(string text)
    {
        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is not (2 or 3) || words[0].Length < 3)
        {
            return null;
        }

        int day = Array.IndexOf(s_days, words[0][..3].ToLowerInvariant());
        bool named = day >= 0 && CultureInfo.InvariantCulture.DateTimeFormat.GetDayName((DayOfWeek)day).StartsWith(words[0], StringComparison.OrdinalIgnoreCase);
        if (!named || !TimeSpan.TryParseExact(words[1], ["h\\:mm", "hh\\:mm"], CultureInfo.InvariantCulture, out TimeSpan time) || time >= TimeSpan.FromDays(1))
        {
            return null;
        }

        TimeSpan? offset = null;
        if (words.Length == 3)
        {
            if (!DateTimeOffset.TryParseExact($"2000-01-01 00:00 {words[2]}", "yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset zoned))
            {
                return null;
            }

            offset = zoned.Offset;
        }

        return new WeeklyTime((DayOfWeek)day, time, offset);
    }

    /// <summary>When the window last opened at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastStart(DateTimeOffset now)
    {
        DateTimeOffset here = Offset is { } offset ? now.ToOffset(offset) : TimeZoneInfo.ConvertTime(now, TimeZoneInfo.Local);
        DateTime day = here.Date.AddDays(-(((int)here.DayOfWeek - (int)Day + 7) % 7));
        DateTime start = day + TimeOfDay;
        if (start > here.DateTime)
        {
            start = start.AddDays(-7);
        }

        return new DateTimeOffset(start, Offset ?? TimeZoneInfo.Local.GetUtcOffset(start));
    }

    public override string ToString() =>
        $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(Day)} {TimeOfDay:hh\\:mm}{(Offset is { } offset ? $" {(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}" : "")}";
}
