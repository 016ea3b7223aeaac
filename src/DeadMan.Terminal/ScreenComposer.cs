using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;
using DeadMan.Terminal.Table;
using DeadMan.Terminal.Views;

namespace DeadMan.Terminal;

/// <summary>
/// Lays the views out on the screen and says where things went (<see cref="ScreenMap"/>):
/// <code>
/// row 0        HeaderView: from, name, up/down counts, version, clock
/// row 1        HeaderView: RTT scale, sort, keys
/// row 2..      TargetTableView (or CompactView): column header, then hosts and separators
///              LegendView under the last host, when a line is spare
///              TrafficView when traffic= lines exist, under the hosts, with the lines they leave (else one summary line)
///              EventsView when 'e' is on: the lower half
/// last row     StatusBarView: hosts out of view and how many are down, filter, messages, "quit?"
/// </code>
/// DetailView (Enter) and HelpView ('?') draw over everything between the header and the status bar.
/// Every view is drawn the same way, <c>Draw(screen, area, model, map, theme)</c>: the rectangle it may use, the
/// model, what the views before it said of the screen, and the theme; it returns the map with what it adds.
/// </summary>
public static class ScreenComposer
{
    private const int HeaderLines = 2;

    public static ScreenMap Compose(ScreenBuffer screen, DisplayModel model, Theme theme)
    {
        screen.Clear();
        screen.AsciiOnly = !theme.Profile.Unicode;
        if (screen.Height < 3 || screen.Width < 10)
        {
            screen.Write(0, 0, "terminal too small", theme.Warning);
            return ScreenMap.Empty;
        }

        int width = screen.Width;
        int statusY = screen.Height - 1;
        int top = HeaderLines;
        int area = statusY - top;
        int eventsHeight = model.View.ShowEvents ? Math.Clamp(area / 2, Math.Min(3, area), area) : 0;
        area -= eventsHeight;
        // The app arranges the rows already (TerminalApp, through its RowOrder); only a model without them is copied.
        if (model.Rows is null)
        {
            model = model with { Rows = TableRow.Select(model.Snapshot, model.View) };
        }

        IReadOnlyList<TableRow> rows = model.Rows;
        int hostLines = model.View.Compact ? CompactView.LinesFor(rows, width) : rows.Count + 1;
        int trafficHeight = TrafficView.HeightFor(model.Snapshot.Interfaces.Count + model.Snapshot.Gauges.Count, area, hostLines);
        int tableHeight = area - trafficHeight;
        ScreenMap map = HeaderView.Draw(screen, Area.Lines(0, HeaderLines, width), model, ScreenMap.Empty, theme);
        map = model.View.Compact
            ? CompactView.Draw(screen, Area.Lines(top, tableHeight, width), model, map, theme)
            : TargetTableView.Draw(screen, Area.Lines(top, tableHeight, width), model, map, theme);
        if (!model.View.Compact && tableHeight > hostLines)
        {
            map = LegendView.Draw(screen, Area.Lines(top + hostLines, 1, width), model, map, theme);
        }

        // Right under the hosts (and their legend, and a blank line) when they leave room, not at the bottom of the screen.
        int trafficTop = top + Math.Min(tableHeight, model.View.Compact ? hostLines : hostLines + 2);
        map = TrafficView.Draw(screen, Area.Lines(trafficTop, trafficHeight, width), model, map, theme);
        if (eventsHeight > 0)
        {
            map = EventsView.Draw(screen, Area.Lines(top + area, eventsHeight, width), model, map, theme);
        }

        var overlay = Area.Lines(top, statusY - top, width);
        if (model.View.ShowDetail)
        {
            map = DetailView.Draw(screen, overlay, model, map, theme);
        }

        if (model.View.ShowHelp)
        {
            map = HelpView.Draw(screen, overlay, model, map, theme);
        }

        map = StatusBarView.Draw(screen, Area.Lines(statusY, 1, width), model, map, theme);
        return map;
    }
}
