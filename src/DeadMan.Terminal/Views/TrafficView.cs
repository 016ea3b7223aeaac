using DeadMan.Core.Export;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Text;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The traffic panel: per interface the host and interface, in and out rates in SI units, utilisation, oper status,
/// and in/out sparklines (newest at the left) scaled to the interface's speed, or to the peak seen when the speed is
/// unknown. A down interface, or an agent that does not answer, is red.
/// <code>
/// ── Traffic ───────────────────────────────────────────────────────────────
///   core-sw   ge-0/0/1   in  412 Mbit/s  out 95.1 Mbit/s   41%  up  ▃▄▄▅▃▄ ▁▁▂▁▁▁
/// </code>
/// </summary>
public static class TrafficView
{
    private const int RateWidth = 12;

    public static int HeightFor(IReadOnlyList<InterfaceView> interfaces, int available) =>
        interfaces.Count == 0 ? 0 : Math.Min(interfaces.Count + 1, Math.Max(2, available / 2));

    public static void Draw(ScreenBuffer screen, int top, int height, IReadOnlyList<InterfaceView> interfaces, Theme theme)
    {
        if (height <= 0)
        {
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
            bool bad = i.OperStatus is "down" or "lowerLayerDown" || i.State is "no-response" or "unknown-interface";
            Style text = bad ? theme.Down : theme.Normal;
            int at = 3;
            at += screen.Write(at, y, DisplayWidth.Fit(i.Host, host) + " ", text);
            at += screen.Write(at, y, DisplayWidth.Fit(i.Interface, name) + " ", text);
            if (i.State is "no-response" or "unknown-interface" or "waiting")
            {
                screen.Write(at, y, i.State == "waiting" ? "waiting for a second sample" : i.Detail ?? i.State, bad ? theme.Down : theme.Muted, screen.Width - at);
                continue;
            }

            at += screen.Write(at, y, "in " + RunReport.Bits(i.InBitsPerSecond).PadLeft(RateWidth) + "  out " + RunReport.Bits(i.OutBitsPerSecond).PadLeft(RateWidth), text);
            at += screen.Write(at, y, (i.UtilisationPercent is { } u ? $"{u,5:0.0}%" : "     -").PadLeft(8), text);
            at += screen.Write(at, y, "  " + i.OperStatus.PadRight(5) + " ", text);
            int spark = Math.Max(0, (screen.Width - at - 1) / 2);
            double scale = i.SpeedBitsPerSecond > 0 ? i.SpeedBitsPerSecond : Math.Max(1, Math.Max(i.PeakInBitsPerSecond, i.PeakOutBitsPerSecond));
            Sparkline(screen, at, y, spark, i.History.Select(h => h.In), scale, theme);
            Sparkline(screen, at + spark + 1, y, spark, i.History.Select(h => h.Out), scale, theme);
        }
    }

    private static void Sparkline(ScreenBuffer screen, int x, int y, int width, IEnumerable<double> rates, double scale, Theme theme)
    {
        int column = 0;
        foreach (double rate in rates.Take(width))
        {
            int level = Math.Clamp((int)Math.Ceiling(rate / scale * theme.Bars.Count) - 1, 0, theme.Bars.Count - 1);
            screen.Write(x + column++, y, theme.Bars[level], theme.Up, 1);
        }
    }
}
