using DeadMan.Core.Health;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;
using DeadMan.Terminal.Table;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The bottom line. It never lets a dead host hide: when rows are off-screen it says how many above and below, and
/// how many of those are down, in alarm colours (<c>▲ 4 above ▼ 37 more, 2 DOWN</c>). Then the filter being typed, and any message
/// (a reload that failed, with file:line, stays here until the file is fixed).
/// </summary>
public static class StatusBarView
{
    /// <summary>The last line: reads from the map what the views above left out of sight.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        DrawBar(screen, area.Top, map, model, theme);
        return map;
    }

    private static void DrawBar(ScreenBuffer screen, int y, ScreenMap map, DisplayModel model, Theme theme)
    {
        screen.Fill(0, y, screen.Width, new System.Text.Rune(' '), theme.Status);
        int x = 0;
        if (model.View.ConfirmingQuit)
        {
            x += screen.Write(x, y, " Quit deadman? y quits, any other key stays ", theme.StatusAlert);
        }

        // What the operator is typing comes first: it must not be pushed off a narrow screen.
        if (model.View.Acknowledging is { } prompt)
        {
            string tab = prompt.GroupIds.Count < 2 ? "" : prompt.WholeGroup ? $"Tab: {prompt.Name} only · " : $"Tab: all {prompt.GroupIds.Count} of {prompt.Group} · ";
            string asked = prompt.ChoosingDuration
                ? $" acknowledge {prompt.Subject} for: Enter until up · 1 15m · 2 1h · 3 4h · d today · x any state · Esc "
                : $" acknowledge {prompt.Subject} · note: {prompt.Note}_ ({tab}Enter: next · Esc: cancel) ";
            x += screen.Write(x, y, asked, theme.StatusWarning, screen.Width - x);
        }
        else if (model.View.Hint is { } hint)
        {
            x += screen.Write(x, y, $" {hint} ", theme.Status, screen.Width - x);
        }

        IReadOnlyList<TableRow> rows = map.Rows;
        // With no row on screen (the events pane took it all), every host is below, none above.
        int firstShown = map.Cells.Count == 0 ? 0 : map.Cells.Min(c => c.Row);
        int lastShown = map.Cells.Count == 0 ? -1 : map.Cells.Max(c => c.Row);
        var above = rows.Take(firstShown).Where(r => r.Target is not null).Select(r => r.Target!).ToList();
        var below = rows.Skip(lastShown + 1).Where(r => r.Target is not null).Select(r => r.Target!).ToList();
        if (above.Count + below.Count > 0)
        {
            int down = above.Concat(below).Count(t => t.Alarming && !t.Expected);
            int degraded = above.Concat(below).Count(t => t.Status == TargetStatus.Degraded && !t.Expected);
            string text = (above.Count > 0 ? $" {theme.AboveGlyph} {above.Count} above" : "")
                          + (below.Count > 0 ? $" {theme.MoreGlyph} {below.Count} more" : "")
                          + (down > 0 ? $", {down} DOWN" : "")
                          + (degraded > 0 ? $", {degraded} DEGRADED" : "") + " ";
            x += screen.Write(x, y, text, down > 0 ? theme.StatusAlert : degraded > 0 ? theme.StatusWarning : theme.Status);
        }

        if (model.View.EditingFilter || model.View.Filter.Length > 0)
        {
            string cursor = model.View.EditingFilter ? "_" : "";
            x += screen.Write(x, y, $" filter: {model.View.Filter}{cursor} (Esc clears) ", theme.Status);
        }

        if (model.Message is { } message)
        {
            screen.Write(x, y, " " + message + " ", model.MessageIsAlert ? theme.StatusAlert : theme.Status, screen.Width - x);
        }
    }
}
