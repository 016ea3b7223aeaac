using DeadMan.Core.Monitoring;
using DeadMan.Core.Text;
using DeadMan.Terminal.Layout;
using DeadMan.Terminal.Screen;

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

    public static (int First, int Shown) Draw(ScreenBuffer screen, int top, int height, IReadOnlyList<TableRow> rows, DisplayModel model, Theme theme)
    {
        var targets = rows.Where(r => r.Target is not null).Select(r => r.Target!).ToList();
        if (height <= 0 || targets.Count == 0)
        {
            return (0, 0);
        }

        int name = Math.Min(MaxName, targets.Max(t => DisplayWidth.Of(t.Spec.Name)));
        int cell = Math.Max(MinCell, name + 7);
        int columns = Math.Max(1, screen.Width / cell);
        int capacity = columns * height;
        int first = Math.Clamp(model.View.Scroll * columns, 0, Math.Max(0, targets.Count - capacity));
        int shown = Math.Min(capacity, targets.Count - first);
        for (int i = 0; i < shown; i++)
        {
            TargetView t = targets[first + i];
            int x = (i % columns) * cell;
            int y = top + (i / columns);
            Style style = t.Status switch { TargetStatus.Down => theme.Down, TargetStatus.Up => theme.Up, _ => theme.Muted };
            string figure = t is { Status: TargetStatus.Down, Since: { } since } ? Figures.Duration(model.Now - since)
                : t.Sent == 0 ? ""
                : Figures.Loss(t.LossPercent);
            screen.Write(x, y, DisplayWidth.Fit(t.Spec.Name, name) + " " + figure.PadLeft(5), style, cell - 1);
        }

        // Report in table rows so the status bar counts the targets out of view.
        int firstRow = IndexOfTarget(rows, first);
        int lastRow = shown == 0 ? firstRow : IndexOfTarget(rows, first + shown - 1) + 1;
        return (firstRow, lastRow - firstRow);
    }

    private static int IndexOfTarget(IReadOnlyList<TableRow> rows, int targetIndex)
    {
        int seen = -1;
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Target is not null && ++seen == targetIndex)
            {
                return i;
            }
        }

        return rows.Count;
    }
}
