using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>The key list ('?'), drawn over the table.</summary>
public static class HelpView
{
    private static readonly string[] s_lines =
    [
        "q        quit (Ctrl-C too)",
        "r        reset statistics and history",
        "p        pause / resume probing",
        "s        sort: file, down first, loss, RTT, name",
        "/        filter by name, address or group; Esc clears",
        "↑ ↓ PgUp PgDn Home End   scroll",
        "+ -      RTT scale of the sparkline",
        "e        recent events",
        "c        compact view for many hosts",
        "t        time marks every 10 s and 60 s",
        "Ctrl-L   redraw the screen",
        "?        this help",
        "",
        "RESULT, newest left: bars = RTT per scale step,",
        "X no reply, U unreachable, T TTL exceeded,",
        "E error, N unresolved, s relay failed,",
        "t relay timeout; yellow bar: TCP refused",
    ];

    public static void Draw(ScreenBuffer screen, int top, int height, Theme theme)
    {
        int width = Math.Min(screen.Width - 2, s_lines.Max(l => l.Length) + 4);
        int lines = Math.Min(height, s_lines.Length + 2);
        int left = Math.Max(0, (screen.Width - width) / 2);
        for (int i = 0; i < lines; i++)
        {
            screen.Fill(left, top + i, width, new System.Text.Rune(' '), theme.Status);
            string text = i == 0 ? " Keys" : i - 1 < s_lines.Length ? "  " + s_lines[i - 1] : "";
            screen.Write(left, top + i, text, theme.Status, width);
        }
    }
}
