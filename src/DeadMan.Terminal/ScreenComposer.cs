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

        HeaderView.Draw(screen, model, theme);
        int statusY = screen.Height - 1;
        int top = HeaderLines;
        int area = statusY - top;
        int eventsHeight = model.View.ShowEvents ? Math.Clamp(area / 2, Math.Min(3, area), area) : 0;
        area -= eventsHeight;
        IReadOnlyList<TableRow> rows = model.Rows ?? TableRow.Select(model.Snapshot, model.View);
        int hostLines = model.View.Compact ? CompactView.LinesFor(rows, screen.Width) : rows.Count + 1;
        int trafficHeight = TrafficView.HeightFor(model.Snapshot.Interfaces.Count + model.Snapshot.Gauges.Count, area, hostLines);
        int tableHeight = area - trafficHeight;
        ScreenMap map = model.View.Compact
            ? CompactView.Draw(screen, top, tableHeight, rows, model, theme)
            : TargetTableView.Draw(screen, top, tableHeight, rows, model, theme);
        if (!model.View.Compact && tableHeight > hostLines)
        {
            LegendView.Draw(screen, top + hostLines, model, theme);
        }

        // Right under the hosts (and their legend, and a blank line) when they leave room, not at the bottom of the screen.
        int trafficTop = top + Math.Min(tableHeight, model.View.Compact ? hostLines : hostLines + 2);
        TrafficView.Draw(screen, trafficTop, trafficHeight, model.Snapshot.Interfaces, model.Snapshot.Gauges, theme);
        if (eventsHeight > 0)
        {
            int eventsTop = top + area;
            int visible = EventsView.Draw(screen, eventsTop, eventsHeight, model.Snapshot.Events, model.View, model.Now.Offset, theme);
            map = map with { EventsTop = eventsTop + 1, EventsVisible = visible, EventCount = model.Snapshot.Events.Count };
        }

        int overlay = statusY - top;
        if (model.View.ShowDetail)
        {
            (int visible, int total) = DetailView.Draw(screen, top, overlay, model, theme);
            map = map with { DetailVisible = visible, DetailLines = total };
        }

        if (model.View.ShowHelp)
        {
            (int visible, int total) = HelpView.Draw(screen, top, overlay, model.View, theme);
            map = map with { HelpVisible = visible, HelpLines = total };
        }

        StatusBarView.Draw(screen, statusY, map, model, theme);
        return map;
    }
}
