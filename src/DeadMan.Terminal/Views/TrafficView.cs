using DeadMan.Core.Export;
using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Text;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The traffic panel: per interface the host and interface, in and out rates in SI units, utilisation (yellow from
/// 50 %, red from 80 %), oper status, and in/out sparklines (newest at the left) scaled to the recent peak, which the
/// row shows, so 50 Mbit/s on a 1G port is not a flat line. A down interface, or an agent that does not answer, is red.
/// Gauges (gauges=) follow the interfaces: the value with its unit, yellow from warn and red from crit, the limits,
/// and a sparkline scaled to the recent peak or the crit limit, whichever is higher, so a crowd is seen coming.
/// Hosts come first: the panel takes only the lines the table leaves; when they are too few it is one summary line.
/// <code>
/// ── Traffic ─────────────────────────────────────────────────────────────────────────
///   core-sw   ge-0/0/1   in  412 Mbit/s  out 95.1 Mbit/s   41.2%  up  ▃▄▄▅▃▄ ▁▁▂▁▁▁  top 480 Mbit/s
///   ap-2f-a   clients         118 clients   ≥ 80 / 120  ▇▆▅▃▂▁▁▁▁                    top 118
/// </code>
/// </summary>
public static class TrafficView
{
    private const int RateWidth = 12;
    private const int ScaleWidth = 16;

    // Below this many lines for the table and the panel together, the hosts get them all.
    private const int MinForSummary = 8;

    /// <summary>Lines for the panel out of <paramref name="available"/> when the hosts need <paramref name="hostLines"/>.</summary>
    /// <param name="rows">Interfaces and gauges to show.</param>
    public static int HeightFor(int rows, int available, int hostLines)
    {
        int left = available - hostLines;
        return rows == 0 ? 0
            : left >= rows + 1 ? rows + 1
            : available >= MinForSummary ? 1
            : 0;
    }

    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        DrawPanel(screen, area.Top, area.Height, model.Snapshot.Interfaces, model.Snapshot.Gauges, theme);
        return map;
    }

    private static void DrawPanel(ScreenBuffer screen, int top, int height, IReadOnlyList<InterfaceView> interfaces, IReadOnlyList<GaugeView> gauges, Theme theme)
    {
        if (height <= 0 || interfaces.Count + gauges.Count == 0)
        {
            return;
        }

        if (height == 1)
        {
            Summary(screen, top, interfaces, gauges, theme);
            return;
        }

        int x = screen.Write(0, top, $"{theme.RuleGlyph}{theme.RuleGlyph} {Title(interfaces, gauges)} ", theme.Header);
        screen.Fill(x, top, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
        int host = Math.Min(16, interfaces.Select(i => i.Host).Concat(gauges.Select(g => g.Host)).Max(DisplayWidth.Of));
        int name = Math.Min(16, interfaces.Select(i => i.Interface).Concat(gauges.Select(g => g.Reading.Name)).Max(DisplayWidth.Of));
        for (int row = 0; row < Math.Min(interfaces.Count + gauges.Count, height - 1); row++)
        {
            int y = top + 1 + row;
            if (row >= interfaces.Count)
            {
                Gauge(screen, y, host, name, gauges[row - interfaces.Count], theme);
                continue;
            }

            InterfaceView i = interfaces[row];
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

    private static string Title(IReadOnlyList<InterfaceView> interfaces, IReadOnlyList<GaugeView> gauges) =>
        gauges.Count == 0 ? "Traffic" : interfaces.Count == 0 ? "Gauges" : "Traffic and gauges";

    // A gauge's row: its value in its level's colour, its limits, and its recent values.
    private static void Gauge(ScreenBuffer screen, int y, int host, int name, GaugeView g, Theme theme)
    {
        GaugeReading r = g.Reading;
        bool silent = r.Value is null && r.State is not ("waiting" or "no-value");
        Style text = silent ? theme.Down : theme.Normal;
        int at = 3;
        at += screen.Write(at, y, DisplayWidth.Fit(g.Host, host) + " ", text);
        at += screen.Write(at, y, DisplayWidth.Fit(r.Name, name) + " ", text);
        if (r.Value is not { } value)
        {
            screen.Write(at, y, r.Detail ?? r.State, silent ? theme.Down : theme.Muted, screen.Width - at);
            return;
        }

        Style level = r.Level switch { GaugeLevel.Crit => theme.Loss, GaugeLevel.Warn => theme.Warning, _ => theme.Normal };
        at += screen.Write(at, y, r.Definition.Show(value).PadLeft(RateWidth + 4), level);
        at += screen.Write(at, y, "  " + Limits(r.Definition).PadRight(RateWidth + 3) + " ", theme.Muted);
        int spark = screen.Width - at - 2 - ScaleWidth;
        var shown = g.History.Take(spark).ToList();
        if (spark < 4 || shown.Count == 0)
        {
            return;
        }

        double peak = shown.Max();
        double scale = Math.Max(peak, r.Definition.Falling ? 0 : r.Definition.Crit ?? r.Definition.Warn ?? 0);
        for (int column = 0; column < shown.Count && scale > 0; column++)
        {
            // Each bar in its own level's colour: when the crowd came and went shows at a glance.
            Style bar = r.Definition.Level(shown[column]) switch { GaugeLevel.Crit => theme.Loss, GaugeLevel.Warn => theme.Warning, _ => theme.Up };
            int height = Math.Clamp((int)Math.Ceiling(shown[column] / scale * theme.Bars.Count) - 1, 0, theme.Bars.Count - 1);
            screen.Write(at + column, y, theme.Bars[height], bar, 1);
        }

        screen.Write(at + spark + 2, y, "top " + GaugeDefinition.Format(peak), theme.Muted, ScaleWidth);
    }

    // "≥ 80 / 120": where the gauge turns yellow, then red.
    private static string Limits(GaugeDefinition d) => (d.Warn, d.Crit) switch
    {
        (null, null) => "",
        ({ } w, null) => $"{(d.Falling ? "≤" : "≥")} {GaugeDefinition.Format(w)}",
        (null, { } c) => $"{(d.Falling ? "≤" : "≥")} {GaugeDefinition.Format(c)} crit",
        ({ } w, { } c) => $"{(d.Falling ? "≤" : "≥")} {GaugeDefinition.Format(w)} / {GaugeDefinition.Format(c)}",
    };

    private static bool IsBad(InterfaceView i) => i.OperStatus is "down" or "lowerLayerDown" || i.State is "no-response" or "unknown-interface";

    private static string Waiting(InterfaceView i) => i.PolledAt is null ? "polling… rates after the second poll" : "waiting for a second sample";

    private static Style Utilisation(double? percent, Theme theme) => percent switch
    {
        >= 80 => theme.Loss,
        >= 50 => theme.Warning,
        _ => theme.Normal,
    };

    // One line when the hosts need the room: how many, how many in trouble, the busiest.
    private static void Summary(ScreenBuffer screen, int y, IReadOnlyList<InterfaceView> interfaces, IReadOnlyList<GaugeView> gauges, Theme theme)
    {
        int bad = interfaces.Count(IsBad);
        InterfaceView? busiest = interfaces.Where(i => i.State == "ok").MaxBy(i => Math.Max(i.InBitsPerSecond ?? 0, i.OutBitsPerSecond ?? 0));
        string counted = string.Join(", ", new[] { (interfaces.Count, "interface"), (gauges.Count, "gauge") }.Where(c => c.Item1 > 0)
            .Select(c => $"{c.Item1} {c.Item2}{(c.Item1 == 1 ? "" : "s")}"));
        int x = screen.Write(0, y, $"{theme.RuleGlyph}{theme.RuleGlyph} {Title(interfaces, gauges)}: {counted}", theme.Header);
        if (bad > 0)
        {
            x += screen.Write(x, y, $", {bad} down", theme.Loss);
        }

        // A crowded access point must show even when the panel has one line.
        if (gauges.Where(g => g.Reading.Level != GaugeLevel.Ok).MaxBy(g => g.Reading.Level) is { } worst)
        {
            x += screen.Write(x, y, $"; {worst.Host} {worst.Reading.Reason}", worst.Reading.Level == GaugeLevel.Crit ? theme.Loss : theme.Warning);
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
