using DeadMan.Core.Export;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Text;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The traffic panel: per interface the host and interface, in and out rates in SI units, utilisation (yellow from
/// 50 %, red from 80 %), oper status, and in/out sparklines (newest at the left) scaled to the recent peak, which the
/// row shows, so 50 Mbit/s on a 1G port is not a flat line. A down interface, or an agent that does not answer, is red.
/// Hosts come first: the panel takes only the lines the table leaves; when they are too few it is one summary line.
/// <code>
/// ── Traffic ─────────────────────────────────────────────────────────────────────────
///   core-sw   ge-0/0/1   in  412 Mbit/s  out 95.1 Mbit/s   41.2%  up  ▃▄▄▅▃▄ ▁▁▂▁▁▁  top 480 Mbit/s
/// </code>
/// </summary>
public static class TrafficView
{
    private const int RateWidth = 12;
    private const int ScaleWidth = 16;

    // Below this many lines for the table and the panel together, the hosts get them all.
    private const int MinForSummary = 8;

    /// <summary>Lines for the panel out of <paramref name="available"/> when the hosts need <paramref name="hostLines"/>.</summary>
    public static int HeightFor(IReadOnlyList<InterfaceView> interfaces, int available, int hostLines)
    {
        int left = available - hostLines;
        return interfaces.Count == 0 ? 0
            : left >= interfaces.Count + 1 ? interfaces.Count + 1
            : available >= MinForSummary ? 1
            : 0;
    }

    public static void Draw(ScreenBuffer screen, int top, int height, IReadOnlyList<InterfaceView> interfaces, Theme theme)
    {
        if (height <= 0)
        {
            return;
        }

        if (height == 1 && interfaces.Count > 0)
        {
            Summary(screen, top, interfaces, theme);
            return;
        }

        int x = screen.Write(0, top, $"{theme.RuleGlyph}{theme.RuleGlyph} Traffic ", theme.Header);
        screen.Fill(x, top, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
        int host = Math.Min(16, interfaces.Max(i => DisplayWidth.Of(i.Host)));
        int name = Math.Min(16, interfaces.Max(i => DisplayWidth.Of(i.Interface)));
        for (int row = 0; row < Math.Min(interfaces.Count, height - 1); row++)
        {
            InterfaceView i = interfaces[row];
            int y = top + 1 + row;
            bool bad = IsBad(i);
            Style text = bad ? theme.Down : theme.Normal;
            int at = 3;
            at += screen.Write(at, y, DisplayWidth.Fit(i.Host, host) + " ", text);
            at += screen.Write(at, y, DisplayWidth.Fit(i.Interface, name) + " ", text);
            if (i.State is "no-response" or "unknown-interface" or "waiting")
            {
                screen.Write(at, y, i.State == "waiting" ? Waiting(i) : i.Detail ?? i.State, bad ? theme.Down : theme.Muted, screen.Width - at);
                continue;
            }

            at += screen.Write(at, y, "in " + RunReport.Bits(i.InBitsPerSecond).PadLeft(RateWidth) + "  out " + RunReport.Bits(i.OutBitsPerSecond).PadLeft(RateWidth), text);
            at += screen.Write(at, y, (i.UtilisationPercent is { } u ? $"{u,5:0.0}%" : "     -").PadLeft(8), bad ? text : Utilisation(i.UtilisationPercent, theme));
            at += screen.Write(at, y, "  " + i.OperStatus.PadRight(5) + " ", text);
            int spark = Math.Max(0, (screen.Width - at - 2 - ScaleWidth) / 2);
            var shown = i.History.Take(spark).ToList();
            double peak = shown.Count == 0 ? 0 : shown.Max(h => Math.Max(h.In, h.Out));
            if (spark < 4)
            {
                continue;
            }

            double scale = Math.Max(1, peak);
            Sparkline(screen, at, y, shown.Select(h => h.In), scale, theme);
            Sparkline(screen, at + spark + 1, y, shown.Select(h => h.Out), scale, theme);
            if (peak > 0)
            {
                screen.Write(at + (2 * spark) + 2, y, "top " + RunReport.Bits(peak), theme.Muted, ScaleWidth);
            }
        }
    }

    private static bool IsBad(InterfaceView i) => i.OperStatus is "down" or "lowerLayerDown" || i.State is "no-response" or "unknown-interface";

    private static string Waiting(InterfaceView i) => i.PolledAt is null ? "polling… rates after the second poll" : "waiting for a second sample";

    private static Style Utilisation(double? percent, Theme theme) => percent switch
    {
        >= 80 => theme.Loss,
        >= 50 => theme.Warning,
        _ => theme.Normal,
    };

    // One line when the hosts need the room: how many, how many in trouble, the busiest.
    private static void Summary(ScreenBuffer screen, int y, IReadOnlyList<InterfaceView> interfaces, Theme theme)
    {
        int bad = interfaces.Count(IsBad);
        InterfaceView? busiest = interfaces.Where(i => i.State == "ok").MaxBy(i => Math.Max(i.InBitsPerSecond ?? 0, i.OutBitsPerSecond ?? 0));
        int x = screen.Write(0, y, $"{theme.RuleGlyph}{theme.RuleGlyph} Traffic: {interfaces.Count} interface{(interfaces.Count == 1 ? "" : "s")}", theme.Header);
        if (bad > 0)
        {
            x += screen.Write(x, y, $", {bad} down", theme.Loss);
        }

        if (busiest is not null)
        {
            string rate = $"; busiest {busiest.Host} {busiest.Interface} in {RunReport.Bits(busiest.InBitsPerSecond)} out {RunReport.Bits(busiest.OutBitsPerSecond)}";
            x += screen.Write(x, y, rate, theme.Normal);
            if (busiest.UtilisationPercent is { } u)
            {
                x += screen.Write(x, y, $" {u:0.0}%", Utilisation(u, theme));
            }
        }
        else if (interfaces.Any(i => i.State == "waiting"))
        {
            x += screen.Write(x, y, "; polling…", theme.Muted);
        }

        x += screen.Write(x, y, " ", theme.Rule);
        screen.Fill(x, y, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
    }

    private static void Sparkline(ScreenBuffer screen, int x, int y, IEnumerable<double> rates, double scale, Theme theme)
    {
        int column = 0;
        foreach (double rate in rates)
        {
            int level = Math.Clamp((int)Math.Ceiling(rate / scale * theme.Bars.Count) - 1, 0, theme.Bars.Count - 1);
            screen.Write(x + column++, y, theme.Bars[level], theme.Up, 1);
        }
    }
}
