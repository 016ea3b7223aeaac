using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The key list ('?'), drawn over the table. Lines wrap to the terminal (under the key, not under the margin) and
/// the list scrolls with the arrows or the wheel, so all of it can be read at 40x10.
/// </summary>
public static class HelpView
{
    private const int KeyColumn = 9;

    private static readonly string[] s_keys =
    [
        "q        quit (Ctrl-C too); first closes what is open",
        "Esc      close; clear the filter; drop the selection",
        "↑ ↓ j k  select a host; PgUp PgDn Home End by pages",
        "Enter i  the selected host in detail",
        "r        reset statistics (states, since and events stay)",
        "p        pause / resume probing",
        "s        sort: file order, down first, name (within groups, headers kept); loss, RTT (all hosts, reordered at most every 5 s)",
        "/        filter by name, address or group",
        "+ -      RTT scale of the sparkline",
        "e        events pane (arrows scroll it)",
        "c        compact view for many hosts",
        "t        trace the selected host's path live (mtr)",
        "a        acknowledge the selected host's problem: a note (Tab: its whole group), then how long (until up, 15m, 1h, 4h, today, any state); it turns a dimmed known row, no bell, no repeated alerts",
        "A        withdraw its acknowledgement (a on an acknowledged host too)",
        "m        time marks every 10 s and 60 s",
        "Ctrl-L   redraw the screen",
        "?        this help (arrows scroll it)",
        "mouse    wheel scrolls, a click opens a host, a click on a column title sorts by it",
        "",
    ];

    /// <summary>Every line of the help at this width: keys, then the RESULT legend.</summary>
    public static IReadOnlyList<string> Lines(int width, Theme theme)
    {
        string[] legend =
        [
            "RESULT, newest at the left: a bar is the RTT in scale steps; X no reply, U unreachable, T TTL exceeded, "
            + $"E error, N name not resolved, s relay failed, t relay timeout; {theme.RefusedLegend}: TCP refused (alive, port closed)",
        ];
        return [.. s_keys.Concat(legend).SelectMany(line => Wrap(line, width))];
    }

    /// <summary>Over <paramref name="area"/>; the map says how many of its lines show.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        (int visible, int total) = DrawKeys(screen, area.Top, area.Height, model.View, theme);
        return map with { HelpVisible = visible, HelpLines = total };
    }

    /// <summary>Draws from line <see cref="ViewState.HelpScroll"/>; returns how many lines fit and how many there are.</summary>
    private static (int Visible, int Total) DrawKeys(ScreenBuffer screen, int top, int height, ViewState view, Theme theme)
    {
        int width = Math.Min(screen.Width, 64);
        int left = Math.Max(0, (screen.Width - width) / 2);
        IReadOnlyList<string> lines = Lines(width - 2, theme);
        int visible = Math.Max(0, Math.Min(height, lines.Count + 1) - 1);
        int first = Math.Clamp(view.HelpScroll, 0, Math.Max(0, lines.Count - visible));
        if (height <= 0)
        {
            return (0, lines.Count);
        }

        string title = visible < lines.Count ? $" Keys {first + 1}-{first + visible}/{lines.Count}, ↑↓ scroll, q closes" : " Keys, q closes";
        screen.Fill(left, top, width, new System.Text.Rune(' '), theme.Status);
        screen.Write(left, top, title, theme.Status.With(TextAttributes.Bold), width);
        for (int i = 0; i < visible; i++)
        {
            screen.Fill(left, top + 1 + i, width, new System.Text.Rune(' '), theme.Status);
            screen.Write(left + 1, top + 1 + i, lines[first + i], theme.Status, width - 2);
        }

        return (visible, lines.Count);
    }

    // A key's description continues under the description, the legend under its start.
    private static IEnumerable<string> Wrap(string line, int width)
    {
        int indent = line.Length > KeyColumn && line[KeyColumn - 1] == ' ' && line[0] != ' ' && !line.StartsWith("RESULT", StringComparison.Ordinal) ? KeyColumn : 2;
        return TextWrap.Lines(line, width, indent);
    }
}
