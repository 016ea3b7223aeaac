using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// RESULT: one cell per round, newest at the left as in deadman. A reply is a bar of <c>RTT / scale</c> steps
/// (green; yellow for a TCP reset, alive but the port refused); a failure is a letter: X no reply, U unreachable,
/// T TTL exceeded, E error, N name not resolved, s relay failed, t relay timeout.
/// Each new round moves the row right by one cell, which the frame writer sends as a single insert-character.
/// </summary>
public static class SparklineView
{
    public static void Draw(ScreenBuffer screen, int x, int y, int width, TargetView target, ViewState view, Theme theme, Style? rowStyle)
    {
        long latest = target.History.LatestRound;
        for (int i = 0; i < width && latest - i >= 0; i++)
        {
            long round = latest - i;
            HistoryEntry entry = target.History[round];
            if (entry.Outcome is not { } outcome)
            {
                continue;
            }

            (string glyph, Style style) = Glyph(outcome, entry.Rtt, view.ScaleMs, theme);
            style = rowStyle ?? style;
            if (view.TimeMarkers && round % 10 == 0)
            {
                style = style.With(round % 60 == 0 ? TextAttributes.Underline | TextAttributes.Bold : TextAttributes.Underline);
            }

            screen.Write(x + i, y, glyph, style, 1);
        }
    }

    public static (string Glyph, Style Style) Glyph(ProbeOutcome outcome, TimeSpan? rtt, int scaleMs, Theme theme) => outcome switch
    {
        ProbeOutcome.Reply => (theme.Bars[Math.Clamp((int)((rtt ?? TimeSpan.Zero).TotalMilliseconds / scaleMs), 0, theme.Bars.Count - 1)], theme.Up),
        ProbeOutcome.Timeout => ("X", theme.Loss),
        ProbeOutcome.Unreachable => ("U", theme.Unreachable),
        ProbeOutcome.TimeExceeded => ("T", theme.Unreachable),
        ProbeOutcome.Refused => (theme.Bars[Math.Clamp((int)((rtt ?? TimeSpan.Zero).TotalMilliseconds / scaleMs), 0, theme.Bars.Count - 1)], theme.Refused),
        ProbeOutcome.Unresolved => ("N", theme.Warning),
        ProbeOutcome.RelayFailed => ("s", theme.Warning),
        ProbeOutcome.RelayTimeout => ("t", theme.Warning),
        ProbeOutcome.Wrong => ("W", theme.Loss),
        ProbeOutcome.TooBig => ("M", theme.Unreachable),
        _ => ("E", theme.Warning),
    };
}
