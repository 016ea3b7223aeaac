using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Text;
using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;
using DeadMan.Terminal.Table;

namespace DeadMan.Terminal.Views;

/// <summary>
/// Many hosts at a glance ('c'), for a big stage-side screen: each host is a short cell with its loss, laid out
/// in as many columns as fit; down hosts are red (reverse without colour) and say how long instead of their loss.
/// Separators are not shown.
/// </summary>
public static class CompactView
{
    private const int MinCell = 14;
    private const int MaxName = 20;

    /// <summary>The hosts of <see cref="DisplayModel.Rows"/> in a grid. The first view to map the screen: the map starts from which host is where.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme) =>
        DrawGrid(screen, area.Top, area.Height, model.Rows ?? [], model, theme);

    private static ScreenMap DrawGrid(ScreenBuffer screen, int top, int height, IReadOnlyList<TableRow> rows, DisplayModel model, Theme theme)
    {
        var targets = rows.Where(r => r.Target is not null).Select(r => r.Target!).ToList();
        if (targets.Count == 0)
        {
            return ScreenMap.Empty with { Rows = rows, Lines = [.. rows.Select(_ => 0)] };
        }

        (int name, int cell, int columns) = Grid(targets, screen.Width);
        int lines = (targets.Count + columns - 1) / columns;
        int visible = Math.Max(0, height);
        int firstLine = Math.Clamp(model.View.Scroll, 0, Math.Max(0, lines - visible));
        int first = firstLine * columns;
        int shown = Math.Min(columns * visible, targets.Count - first);

        // Each row's line; a separator goes with the host after it.
        var lineOf = new int[rows.Count];
        var rowOf = new int[targets.Count];
        for (int i = rows.Count - 1, seen = targets.Count; i >= 0; i--)
        {
            if (rows[i].Target is not null)
            {
                rowOf[--seen] = i;
            }

            lineOf[i] = Math.Min(seen, targets.Count - 1) / columns;
        }

        var cells = new RowCell[Math.Max(0, shown)];
        for (int i = 0; i < shown; i++)
        {
            TargetView t = targets[first + i];
            int x = (i % columns) * cell;
            int y = top + (i / columns);
            Style style = t.Status switch
            {
                _ when t.Known => theme.Known,
                _ when t.InMaintenance => theme.Maintenance,
                TargetStatus.Down when !t.Spec.ExpectDown => theme.Down,
                TargetStatus.Degraded => theme.Degraded,
                TargetStatus.Up => theme.Up,
                _ => theme.Muted,
            };
            string figure = t is { Status: TargetStatus.Down or TargetStatus.Degraded, Since: { } since } ? Core.Text.DurationText.Compact(model.Now - since)
                : t.Sent == 0 ? ""
                : Figures.Loss(t.LossPercent);
            // An expected problem is marked where its figure is, the mark first: "✓2h04", "~12m".
            figure = t.Expected ? (t.Known ? theme.KnownGlyph : theme.MaintenanceGlyph) + (figure.Length > 4 ? figure[..4] : figure) : figure;
            if (t.Id == model.View.Selected)
            {
                style = style.Attributes.HasFlag(TextAttributes.Reverse) ? style.With(TextAttributes.Underline) : style.With(TextAttributes.Reverse);
            }

            screen.Write(x, y, DisplayWidth.Fit(t.Spec.Name, name) + " " + figure.PadLeft(5), style, cell - 1);
            cells[i] = new RowCell(rowOf[first + i], x, y, cell - 1);
        }

        return new ScreenMap(rows, lineOf, firstLine, visible, cells, -1, []);
    }

    /// <summary>Lines the hosts take at this width.</summary>
    public static int LinesFor(IReadOnlyList<TableRow> rows, int width)
    {
        var targets = rows.Where(r => r.Target is not null).Select(r => r.Target!).ToList();
        return targets.Count == 0 ? 0 : (targets.Count + Grid(targets, width).Columns - 1) / Grid(targets, width).Columns;
    }

    private static (int Name, int Cell, int Columns) Grid(List<TargetView> targets, int width)
    {
        int name = Math.Min(MaxName, targets.Max(t => DisplayWidth.Of(t.Spec.Name)));
        int cell = Math.Max(MinCell, name + 7);
        return (name, cell, Math.Max(1, width / cell));
    }
}
