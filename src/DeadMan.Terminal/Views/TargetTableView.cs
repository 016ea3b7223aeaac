using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;
using DeadMan.Terminal.Table;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The host table: a header line, then one line per target or separator, scrolled to <see cref="ViewState.Scroll"/>.
/// A target that is down now is drawn bold red from end to end (reverse video without colour). SINCE says how long a
/// target that is not up has been so ("unknown" ones since they were loaded). The selected row is in reverse video
/// with a marker in the arrow column. A click on a column title sorts by it.
/// </summary>
public static class TargetTableView
{
    // RESULT keeps this many of the newest rounds in view beside a reason; a reason cut shorter than this says too little.
    private const int MinSparkline = 10;
    private const int MinReason = 12;

    /// <summary>The column header, then the rows of <see cref="DisplayModel.Rows"/> that fit. The first view to map the screen: the map starts from which row is where.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme) =>
        DrawTable(screen, area.Top, area.Height, model.Rows ?? [], model, theme);

    /// <summary>Draws rows into the area; returns where they went.</summary>
    private static ScreenMap DrawTable(ScreenBuffer screen, int top, int height, IReadOnlyList<TableRow> rows, DisplayModel model, Theme theme)
    {
        if (height <= 0)
        {
            return ScreenMap.Empty with { Rows = rows, Lines = [.. Enumerable.Range(0, rows.Count)] };
        }

        TableLayout layout = TableLayout.For(screen.Width, rows);
        IReadOnlyList<ColumnTitle> titles = DrawHeader(screen, top, layout, theme);
        int visible = height - 1;
        int first = Math.Clamp(model.View.Scroll, 0, Math.Max(0, rows.Count - visible));
        int shown = Math.Min(visible, rows.Count - first);
        // A group's title on the last line, with its hosts all below, heads nothing: the line stays blank.
        if (shown > 1 && first + shown < rows.Count && rows[first + shown - 1].Separator is not null)
        {
            shown--;
        }
        var cells = new RowCell[shown];
        for (int i = 0; i < shown; i++)
        {
            TableRow row = rows[first + i];
            int y = top + 1 + i;
            cells[i] = new RowCell(first + i, 0, y, screen.Width);
            if (row.Target is { } target)
            {
                DrawTarget(screen, y, layout, target, model, theme);
                if (target.Id == model.View.Selected)
                {
                    screen.Restyle(0, y, screen.Width, s => s.Attributes.HasFlag(TextAttributes.Reverse) ? s.With(TextAttributes.Underline) : s.With(TextAttributes.Reverse));
                    screen.Write(1, y, theme.SelectedGlyph, screen[1, y].Style, 1);
                }
            }
            else
            {
                DrawSeparator(screen, y, row.Separator!.Title, theme);
            }
        }

        return new ScreenMap(rows, [.. Enumerable.Range(0, rows.Count)], first, visible, cells, top, titles);
    }

    private static List<ColumnTitle> DrawHeader(ScreenBuffer screen, int y, TableLayout layout, Theme theme)
    {
        var titles = new List<ColumnTitle>();
        screen.Write(layout.Name, y, "HOSTNAME", theme.Header, layout.NameWidth);
        titles.Add(new ColumnTitle(layout.Name, layout.NameWidth, SortOrder.Name));
        WriteIf(screen, layout.Address, y, "ADDRESS", theme.Header);
        WriteIf(screen, layout.Kind, y, "KIND", theme.Header);
        WriteNumber(screen, layout.Loss, y, "LOSS", theme.Header);
        WriteNumber(screen, layout.Rtt, y, "RTT", theme.Header);
        WriteNumber(screen, layout.Avg, y, "AVG", theme.Header);
        WriteNumber(screen, layout.Sent, y, "SNT", theme.Header);
        WriteNumber(screen, layout.Since, y, "SINCE", theme.Header);
        foreach ((int x, SortOrder sort) in new[] { (layout.Loss, SortOrder.Loss), (layout.Rtt, SortOrder.Rtt), (layout.Avg, SortOrder.Rtt), (layout.Since, SortOrder.DownFirst) })
        {
            if (x >= 0)
            {
                titles.Add(new ColumnTitle(x, TableLayout.NumberWidth, sort));
            }
        }

        for (int i = 0; i < layout.Vantages.Count; i++)
        {
            screen.Write(layout.VantageAt + (i * (layout.VantageWidth + 1)), y, layout.Vantages[i], theme.Header, layout.VantageWidth);
        }

        screen.Write(layout.Result, y, "RESULT", theme.Header, layout.ResultWidth);
        titles.Add(new ColumnTitle(layout.Result, layout.ResultWidth, SortOrder.DownFirst));
        return titles;
    }

    private static void DrawTarget(ScreenBuffer screen, int y, TableLayout layout, TargetView t, DisplayModel model, Theme theme)
    {
        Style? rowStyle = t.Status switch
        {
            _ when t.Known => theme.Known,
            _ when t.InMaintenance => theme.Maintenance,
            TargetStatus.Down when t.Spec.ExpectDown => theme.Muted,
            TargetStatus.Down => theme.Down,
            TargetStatus.Degraded => theme.Degraded,
            TargetStatus.Unknown => theme.Muted,
            _ => null,
        };
        Style text = rowStyle ?? theme.Normal;
        if (t.Alarming || t.Status == TargetStatus.Degraded)
        {
            screen.Fill(0, y, screen.Width, new System.Text.Rune(' '), text);
        }

        if (model.View.BlinkArrow && model.Tick % 2 == 0)
        {
            screen.Write(1, y, ">", text);
        }

        // In the first column, clear of the selection's and the blinking arrow's.
        if (t.Expected)
        {
            screen.Write(0, y, t.Known ? theme.KnownGlyph : theme.MaintenanceGlyph, text);
        }

        screen.Write(layout.Name, y, t.Spec.Name, text, layout.NameWidth);
        WriteIf(screen, layout.Address, y, t.Spec.Address.Text, text, layout.AddressWidth);
        WriteIf(screen, layout.Kind, y, KindText.Of(t.Spec.Probe), rowStyle ?? theme.Muted, layout.KindWidth);
        WriteNumber(screen, layout.Loss, y, t.Sent == 0 ? "-" : Figures.Loss(t.LossPercent), t.LossPercent > 0 && rowStyle is null ? theme.Loss : text);
        WriteNumber(screen, layout.Rtt, y, Figures.Rtt(t.Rtt.Count == 0 ? null : t.Rtt.Last), text);
        WriteNumber(screen, layout.Avg, y, Figures.Rtt(t.Rtt.Average), text);
        WriteNumber(screen, layout.Sent, y, Figures.Count(t.Sent), text);
        if (t.Status != TargetStatus.Up && t.Since is { } since)
        {
            WriteNumber(screen, layout.Since, y, Core.Text.DurationText.Compact(model.Now - since), text);
        }
        DrawVantages(screen, y, layout, t, theme);
        if (t.Note is { } note)
        {
            Style noteStyle = note.StartsWith("cannot", StringComparison.Ordinal) || note.StartsWith("unknown", StringComparison.Ordinal) ? theme.Warning : theme.Muted;
            screen.Write(layout.Result, y, note, rowStyle ?? noteStyle, layout.ResultWidth);
            return;
        }

        SparklineView.Draw(screen, layout.Result, y, layout.ResultWidth, t, model.View, theme, t.Expected ? rowStyle : t.Alarming ? theme.Down : null);
        // Why it is degraded, or that it is expected down, at the far end of RESULT over the oldest rounds, leaving the
        // newest ones in view; cut short with an ellipsis when the column is narrow.
        string? say = t.Known ? $"known: {t.Acknowledgement!.Note ?? t.Acknowledgement.By}"
            : t.InMaintenance ? $"maintenance: {t.Maintenance!.Note ?? t.Maintenance.Describe()}"
            : t.Status == TargetStatus.Degraded ? t.Reason : t is { Status: TargetStatus.Down, Spec.ExpectDown: true } ? StateWords.ExpectedDown : null;
        int room = layout.ResultWidth - MinSparkline - 1;
        if (say is not null && room >= MinReason)
        {
            // By display width: a note may be Japanese, two columns a character.
            string shown = Core.Text.DisplayWidth.Of(say) <= room ? say : Core.Text.DisplayWidth.Fit(say, room - 1).TrimEnd() + "…";
            screen.Write(layout.Result + layout.ResultWidth - Core.Text.DisplayWidth.Of(shown) - 1, y, " " + shown, text);
        }
    }

    // Each vantage's word on the host in its own colour, so a host down from one hall and up from the others reads
    // at a glance, red row or not: its RTT (green, or yellow when degraded), DOWN white on red, stale dimmed.
    private static void DrawVantages(ScreenBuffer screen, int y, TableLayout layout, TargetView t, Theme theme)
    {
        for (int i = 0; i < layout.Vantages.Count; i++)
        {
            if (t.Vantages.FirstOrDefault(v => v.Vantage == layout.Vantages[i]) is not { } reading)
            {
                continue;
            }

            (string text, Style style) = reading switch
            {
                { Stale: true } => (Narrow(layout) ? "s" : "stale", theme.Muted),
                { Status: TargetStatus.Down } => (Narrow(layout) ? "D" : "DOWN", theme.StatusAlert),
                { Status: TargetStatus.Degraded } => (Narrow(layout) ? "d" : Figures.Rtt(reading.RttMs), theme.DegradedBold),
                { Status: TargetStatus.Up } => (Narrow(layout) ? "u" : Figures.Rtt(reading.RttMs), theme.UpBold),
                _ => ("-", theme.Muted),
            };
            screen.Write(layout.VantageAt + (i * (layout.VantageWidth + 1)), y, text, style, layout.VantageWidth);
        }
    }

    // Too narrow for an RTT: the state's initial, in its colour.
    private static bool Narrow(TableLayout layout) => layout.VantageWidth < 4;

    private static void DrawSeparator(ScreenBuffer screen, int y, string? title, Theme theme)
    {
        int x = TableLayout.ArrowWidth;
        if (title is not null)
        {
            x += screen.Write(x, y, theme.RuleGlyph + theme.RuleGlyph + " ", theme.Rule);
            x += screen.Write(x, y, title, theme.Header);
            x += screen.Write(x, y, " ", theme.Rule);
        }

        screen.Fill(x, y, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
    }

    private static void WriteIf(ScreenBuffer screen, int x, int y, string text, Style style, int width = int.MaxValue)
    {
        if (x >= 0)
        {
            screen.Write(x, y, text, style, width);
        }
    }

    private static void WriteNumber(ScreenBuffer screen, int x, int y, string text, Style style)
    {
        if (x >= 0)
        {
            screen.Write(x + Math.Max(0, TableLayout.NumberWidth - text.Length), y, text, style, TableLayout.NumberWidth);
        }
    }
}
