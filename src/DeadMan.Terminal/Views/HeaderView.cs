using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The two top lines:
/// <code>
/// From: noc-laptop (192.0.2.7) ⠋          Dead Man          ▲ 48 up ▼ 2 down  v0.1.0  12:34:56
///  RTT scale 10ms. Keys: (?)help (q)uit (i)nfo (r)eset (p)ause (s)ort (/)filter (e)vents (c)ompact (t)race (m)arks
/// </code>
/// Items give way right to left when the line is narrow: the version, the clock, then the counts shrink to
/// <c>▲8 ◆2 ▼1</c> and the name gives way to them; the counts never go. The key hint starts with help, where every
/// key is, and shows whole items only.
/// </summary>
public static class HeaderView
{
    private static readonly string[] s_keys = [" (?)help", " (q)uit", " (i)nfo", " (r)eset", " (p)ause", " (s)ort", " (/)filter", " (e)vents", " (c)ompact", " (t)race", " (a)ck", " (m)arks"];

    private const string ProgramName = "Dead Man";

    // One pass over every host, each frame.
    private static (int Up, int Down, int Degraded, int Known, int Maintenance) Counts(MonitorSnapshot snapshot)
    {
        (int up, int down, int degraded, int known, int maintenance) = (0, 0, 0, 0, 0);
        foreach (MonitorRow row in snapshot.Rows)
        {
            if (row.Target is not { } target)
            {
                continue;
            }

            // An expected problem (acknowledged, or in maintenance) is counted apart, so the red count is only news.
            bool expected = target.Expected;
            up += target.Status == TargetStatus.Up ? 1 : 0;
            down += target.Alarming && !expected ? 1 : 0;
            degraded += target.Status == TargetStatus.Degraded && !expected ? 1 : 0;
            known += target.Known ? 1 : 0;
            maintenance += expected && !target.Known ? 1 : 0;
        }

        return (up, down, degraded, known, maintenance);
    }

    /// <summary>The two lines at the top of <paramref name="area"/>.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        DrawTitleLine(screen, area.Top, model, theme);
        DrawKeysLine(screen, area.Top + 1, model, theme);
        return map;
    }

    // The program, where it runs from, the counts, the version and the clock.
    private static void DrawTitleLine(ScreenBuffer screen, int y, DisplayModel model, Theme theme)
    {
        int width = screen.Width;
        (int up, int down, int degraded, int known, int maintenance) = Counts(model.Snapshot);
        string clock = model.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        string spinner = theme.Spinner[model.Tick % theme.Spinner.Count];
        string counts = (theme.Profile.Unicode ? $"▲ {up} up " : $"{up} up, ")
                        + (degraded > 0 ? (theme.Profile.Unicode ? $"◆ {degraded} degraded " : $"{degraded} degraded, ") : "")
                        + (theme.Profile.Unicode ? $"▼ {down} down" : $"{down} down")
                        + (known > 0 ? (theme.Profile.Unicode ? $" {theme.KnownGlyph} {known} known" : $", {known} known") : "")
                        + (maintenance > 0 ? (theme.Profile.Unicode ? $" {theme.MaintenanceGlyph} {maintenance} maint" : $", {maintenance} maint") : "");
        // On a narrow terminal the counts shrink rather than go: they matter most exactly when something is wrong.
        string brief = theme.Profile.Unicode
            ? $"▲{up}" + (degraded > 0 ? $" ◆{degraded}" : "") + $" ▼{down}"
            : $"{up} up" + (degraded > 0 ? $" {degraded} deg" : "") + $" {down} dn";
        brief += (known > 0 ? (theme.Profile.Unicode ? $" {theme.KnownGlyph}{known}" : $" {known} kn") : "")
                 + (maintenance > 0 ? (theme.Profile.Unicode ? $" {theme.MaintenanceGlyph}{maintenance}" : $" {maintenance} mt") : "");
        Style countsStyle = down > 0 ? theme.Loss : degraded > 0 ? theme.DegradedBold : theme.UpBold;

        // Right of the name: as much of counts, version and clock as fits; the counts stay longest, and when even the
        // short counts do not fit beside the name, the name gives way to them.
        int center = Math.Max(0, (width - ProgramName.Length) / 2);
        int room = width - (center + ProgramName.Length + 1);
        string[] candidates = [$"{counts}  v{model.Version}  {clock}", $"{counts}  {clock}", counts, brief];
        string? right = candidates.FirstOrDefault(candidate => Core.Text.DisplayWidth.Of(candidate) <= room);
        bool named = right is not null;
        right ??= Core.Text.DisplayWidth.Of(brief) <= width - 3 ? brief : "";
        if (named)
        {
            screen.Write(center, y, ProgramName, theme.Title);
        }

        int rightAt = width - Core.Text.DisplayWidth.Of(right);
        string shownCounts = right.StartsWith(counts, StringComparison.Ordinal) ? counts : right;
        int countsWidth = screen.Write(rightAt, y, shownCounts, countsStyle);
        screen.Write(rightAt + countsWidth, y, right[shownCounts.Length..], theme.Title);
        string left = $"{model.HostInfo} {spinner}";
        if (named && Core.Text.DisplayWidth.Of(left) < center - 1)
        {
            screen.Write(1, y, left, theme.Title);
        }
        else
        {
            screen.Write(1, y, spinner, theme.Title);
        }
    }

    // The RTT scale, the sort, whether paused, and as many keys as fit.
    private static void DrawKeysLine(ScreenBuffer screen, int y, DisplayModel model, Theme theme)
    {
        int width = screen.Width;
        string state = model.Snapshot.Paused ? "  PAUSED" : "";
        string info = $" RTT scale {model.View.ScaleMs}ms. Sort: {SortName(model.View.Sort)}.";
        string keys = KeysThatFit($"{info}{state} Keys:", state, info, width);
        screen.Write(0, y, keys, theme.Normal, width);
        if (model.Snapshot.Paused)
        {
            int at = keys.IndexOf("PAUSED", StringComparison.Ordinal);
            screen.Restyle(at, y, Math.Min("PAUSED".Length, Math.Max(0, width - at)), _ => theme.StatusAlert);
        }
    }

    private static string KeysThatFit(string line, string state, string info, int width)
    {
        if (line.Length + s_keys[0].Length > width)
        {
            // Too narrow for both: where help is comes first, then what fits of the rest.
            return $"{state}{s_keys[0]}{info}";
        }

        foreach (string item in s_keys)
        {
            if (line.Length + item.Length > width)
            {
                break;
            }

            line += item;
        }

        return line;
    }

    public static string SortName(SortOrder sort) => sort switch
    {
        SortOrder.File => "file order",
        SortOrder.DownFirst => "down first",
        SortOrder.Loss => "loss",
        SortOrder.Rtt => "RTT",
        _ => "name",
    };
}
