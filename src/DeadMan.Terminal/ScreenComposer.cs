using DeadMan.Terminal.Layout;
using DeadMan.Terminal.Screen;
using DeadMan.Terminal.Views;

namespace DeadMan.Terminal;

/// <summary>
/// Lays the views out on the screen:
/// <code>
/// row 0        HeaderView: from, name, up/down counts, version, clock
/// row 1        HeaderView: RTT scale, sort, keys
/// row 2..      TargetTableView (or CompactView): column header, then hosts and separators
///              TrafficView when traffic= lines exist: interfaces with rates and sparklines
///              EventsView when 'e' is on: the lower third
/// last row     StatusBarView: hosts out of view and how many are down, filter, messages
/// </code>
/// HelpView draws over the table when '?' is on.
/// </summary>
public static class ScreenComposer
{
    private const int HeaderLines = 2;

    public static void Compose(ScreenBuffer screen, DisplayModel model, Theme theme)
    {
        screen.Clear();
        if (screen.Height < 3 || screen.Width < 10)
        {
            screen.Write(0, 0, "terminal too small", theme.Warning);
            return;
        }

        HeaderView.Draw(screen, model, theme);
        int statusY = screen.Height - 1;
        int tableTop = HeaderLines;
        int tableHeight = statusY - tableTop;
        int eventsHeight = model.View.ShowEvents ? Math.Min(12, Math.Max(2, tableHeight / 3)) : 0;
        tableHeight -= eventsHeight;
        int trafficHeight = TrafficView.HeightFor(model.Snapshot.Interfaces, tableHeight);
        tableHeight -= trafficHeight;
        IReadOnlyList<TableRow> rows = TableRow.Select(model.Snapshot, model.View);
        (int first, int shown) = model.View.Compact
            ? CompactView.Draw(screen, tableTop, tableHeight, rows, model, theme)
            : TargetTableView.Draw(screen, tableTop, tableHeight, rows, model, theme);
        TrafficView.Draw(screen, tableTop + tableHeight, trafficHeight, model.Snapshot.Interfaces, theme);
        if (eventsHeight > 0)
        {
            EventsView.Draw(screen, tableTop + tableHeight + trafficHeight, eventsHeight, model.Snapshot.Events, model.Now.Offset, theme);
        }

        if (model.View.ShowHelp)
        {
            HelpView.Draw(screen, tableTop, tableHeight + trafficHeight + eventsHeight, theme);
        }

        StatusBarView.Draw(screen, statusY, rows, first, shown, model, theme);
    }
}
