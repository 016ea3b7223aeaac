using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Text;
using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// The events pane ('e'): every up/down change of the run, newest first, in columns. A failure says why (the first
/// failed probe's own words), a recovery how long the outage lasted. Scrolls from <see cref="ViewState.EventsScroll"/>.
/// <code>
/// ── Events 1-4/9, newest first · ↑↓ scroll · e closes ───────────────
///  12:03:10  UP    ap-1f-a  192.0.2.11  after 2m04s down
///  12:01:06  DOWN  ap-1f-a  192.0.2.11  host unreachable from 198.18.0.1
/// </code>
/// </summary>
public static class EventsView
{
    private const int MaxName = 24;
    private const int MaxAddress = 39;

    /// <summary>A title line, then the events that fit; the map says where they are and how many show.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        int visible = DrawList(screen, area.Top, area.Height, model.Snapshot, model.View, model.Now.Offset, theme);
        return map with { EventsTop = area.Top + 1, EventsVisible = visible, EventCount = model.Snapshot.Events.Count };
    }

    /// <summary>Returns how many events fit.</summary>
    private static int DrawList(ScreenBuffer screen, int top, int height, MonitorSnapshot snapshot, ViewState view, TimeSpan utcOffset, Theme theme)
    {
        IReadOnlyList<StateChange> events = snapshot.Events;
        if (height <= 0)
        {
            return 0;
        }

        int visible = height - 1;
        int first = Math.Clamp(view.EventsScroll, 0, Math.Max(0, events.Count - visible));
        int shown = Math.Min(visible, events.Count - first);
        string range = events.Count == 0 ? "none yet" : shown < events.Count ? $"{first + 1}-{first + shown}/{events.Count}, newest first, ↑↓ scroll" : $"{events.Count}, newest first";
        int x = screen.Write(0, top, $"{theme.RuleGlyph}{theme.RuleGlyph} Events {range}, e closes ", theme.Header);
        screen.Fill(x, top, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
        if (shown <= 0)
        {
            return visible;
        }

        var page = events.Skip(first).Take(shown).ToList();
        // A failure's trace comes a moment after it: said with the newest failure of each host that has one.
        Dictionary<int, string> traced = snapshot.Targets.Where(t => t.LastAnswer is not null).ToDictionary(t => t.Id, t => t.LastAnswer!);
        var newest = new HashSet<int>(events.Take(first).Select(e => e.Target.Id));
        int name = Math.Min(MaxName, page.Max(e => DisplayWidth.Of(e.Target.Spec.Name)));
        int address = Math.Min(MaxAddress, page.Max(e => DisplayWidth.Of(e.Target.Spec.Address.Text)));
        for (int i = 0; i < page.Count; i++)
        {
            StateChange change = page[i];
            int y = top + 1 + i;
            Style style = change.To switch { TargetStatus.Down => theme.Loss, TargetStatus.Degraded => theme.Degraded, _ => theme.Up };
            int at = screen.Write(1, y, change.At.ToOffset(utcOffset).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "  ", theme.Normal) + 1;
            at += screen.Write(at, y, StateWords.Name(change.To).ToUpperInvariant().PadRight(9), style);
            at += screen.Write(at, y, DisplayWidth.Fit(change.Target.Spec.Name, name) + "  ", theme.Normal);
            at += screen.Write(at, y, DisplayWidth.Fit(change.Target.Spec.Address.Text, address) + "  ", theme.Muted);
            bool failure = change.To is TargetStatus.Down or TargetStatus.Degraded;
            string trace = failure && newest.Add(change.Target.Id) && traced.TryGetValue(change.Target.Id, out string? answer) ? $"; {answer}" : "";
            screen.Write(at, y, Reason(change) + trace, failure ? style : theme.Normal, screen.Width - at);
        }

        return visible;
    }

    /// <summary>Why it went down (the failing probe's words), or how long it had been down.</summary>
    /// <remarks>As the alerts say it, but a failure in the screen's own words for results.</remarks>
    public static string Reason(StateChange change) => change switch
    {
        // Read back from other deadmans: which vantages lost it says more than the last round's outcome.
        { To: TargetStatus.Down, Target: { Vantages.Count: > 0, Reason: { } from } } => from,
        // Down by its confirmation echoes' silence, before the round itself ended: the round before may be a reply.
        { To: TargetStatus.Down, Target.LastResult: { IsReply: false } result } => ResultText.Describe(result) + (change.Target.Spec.ExpectDown ? $" ({StateWords.ExpectedDown})" : ""),
        _ => Core.Alerts.Notification.Reason(change),
    };
}
