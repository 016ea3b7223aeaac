using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// One line under the table, when there is room, saying what RESULT's letters and colours mean, in their own styles:
/// <c>RESULT ▁▃▅▇ RTT, 10 ms a step · ▅ TCP refused · X no reply · U unreachable · T TTL exceeded · E error · N unresolved · s t relay failed/timeout</c>
/// (and M too big, where a line sets size= or df=);
/// what matters most comes first, as a narrow terminal cuts the end. Marks only some kinds make (TCP's refusal, a
/// name that does not resolve, a relay's failure) are listed only when the file has such hosts.
/// </summary>
public static class LegendView
{
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        DrawLine(screen, area.Top, model, theme);
        return map;
    }

    private static void DrawLine(ScreenBuffer screen, int y, DisplayModel model, Theme theme)
    {
        IEnumerable<TargetView> targets = model.Snapshot.Targets;
        bool tcp = targets.Any(t => t.Spec.Probe.Kind == ProbeKind.Tcp);
        bool names = targets.Any(t => t.Spec.Address.IsHostName);
        bool relays = targets.Any(t => t.Spec.Probe.Kind is ProbeKind.SshRelay or ProbeKind.RouterOsApi or ProbeKind.SnmpPing);
        bool services = targets.Any(t => t.Spec.Probe.Kind is ProbeKind.Dns or ProbeKind.Http);
        bool sized = targets.Any(t => EchoSize.Of(t.Spec.Probe) is not null);
        string bars = string.Concat(theme.Bars[0], theme.Bars[2], theme.Bars[4], theme.Bars[6]);
        (string Text, Style Style)[] parts =
        [
            ("RESULT ", theme.Muted),
            (bars, theme.Up), ($" RTT, {model.View.ScaleMs} ms a step", theme.Muted),
            .. tcp ? [(" · ", theme.Rule), (theme.Bars[4], theme.Refused), (" TCP refused", theme.Muted)] : Array.Empty<(string, Style)>(),
            (" · ", theme.Rule), ("X", theme.Loss), (" no reply", theme.Muted),
            // Next to "no reply" when a service is probed: the end of a long legend is what a narrow screen cuts.
            .. services ? [(" · ", theme.Rule), ("W", theme.Loss), (" wrong answer", theme.Muted)] : Array.Empty<(string, Style)>(),
            (" · ", theme.Rule), ("U", theme.Unreachable), (" unreachable", theme.Muted),
            (" · ", theme.Rule), ("T", theme.Unreachable), (" TTL exceeded", theme.Muted),
            .. sized ? [(" · ", theme.Rule), ("M", theme.Unreachable), (" too big", theme.Muted)] : Array.Empty<(string, Style)>(),
            (" · ", theme.Rule), ("E", theme.Warning), (" error", theme.Muted),
            .. names ? [(" · ", theme.Rule), ("N", theme.Warning), (" unresolved", theme.Muted)] : Array.Empty<(string, Style)>(),
            .. relays ? [(" · ", theme.Rule), ("s t", theme.Warning), (" relay failed/timeout", theme.Muted)] : Array.Empty<(string, Style)>(),
        ];
        int x = 3;
        foreach ((string text, Style style) in parts)
        {
            if (x >= screen.Width)
            {
                break;
            }

            x += screen.Write(x, y, text, style, screen.Width - x);
        }
    }
}
