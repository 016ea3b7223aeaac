using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>The recent-events pane ('e'): timestamped up/down changes, newest first.</summary>
public static class EventsView
{
    public static void Draw(ScreenBuffer screen, int top, int height, IReadOnlyList<StateChange> events, TimeSpan utcOffset, Theme theme)
    {
        if (height <= 0)
        {
            return;
        }

        string title = $"{theme.RuleGlyph}{theme.RuleGlyph} Events, newest first ";
        int x = screen.Write(0, top, title, theme.Header);
        screen.Fill(x, top, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
        for (int i = 0; i < Math.Min(events.Count, height - 1); i++)
        {
            StateChange change = events[i];
            string detail = change.To == TargetStatus.Down ? change.Target.LastResult?.Detail ?? "no reply" : "";
            string line = $" {change.At.ToOffset(utcOffset):HH:mm:ss}  {RunReport.StateName(change.To).ToUpperInvariant(),-4}  {change.Target.Spec.Name}  {change.Target.Spec.Address.Text}  {detail}";
            screen.Write(0, top + 1 + i, line, change.To == TargetStatus.Down ? theme.Loss : theme.Up);
        }
    }
}
