using System.Globalization;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Text;
using DeadMan.Terminal.Layout;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// Everything known of the selected host (Enter, i or a click), over the table: where it is, how it is probed
/// (secrets masked), its state and since when, counts, RTT figures, its latest results in words with their times,
/// its events, and its interfaces' traffic. On a wide screen the latest results take a column of their own.
/// <code>
/// ── ap-1f-a · DOWN for 3m12s · ↑↓ other hosts · q closes ──────────────────────────
///  Address  192.0.2.11 (resolved 192.0.2.11)           Latest results, newest first
///  Group    1F                                          12:03:10  host unreachable from 198.18.0.1
///  Probe    icmp, source=192.0.2.7                      12:03:09  1.23 ms, TTL 64
/// </code>
/// </summary>
public static class DetailView
{
    private const int FactsWidth = 64;
    private const int Label = 10;

    public static void Draw(ScreenBuffer screen, int top, int height, DisplayModel model, Theme theme)
    {
        if (height <= 0)
        {
            return;
        }

        for (int y = top; y < top + height; y++)
        {
            screen.Fill(0, y, screen.Width, new System.Text.Rune(' '), theme.Normal);
        }

        TargetView? target = model.Snapshot.Targets.FirstOrDefault(t => t.Id == model.View.Selected);
        if (target is null)
        {
            screen.Write(1, top, "This host is no longer in the file. q closes.", theme.Warning);
            return;
        }

        IReadOnlyList<RecentResult>? recent = model.Detail is { } detail && detail.Target.Id == target.Id ? detail.Recent : null;
        string state = $"{RunReport.StateName(target.Status).ToUpperInvariant()}{(target.Since is { } s ? " for " + Figures.Duration(model.Now - s) : "")}";
        Style stateStyle = target.Status switch { TargetStatus.Down => theme.Down, TargetStatus.Up => theme.UpBold, _ => theme.Muted };
        int x = screen.Write(0, top, $"{theme.RuleGlyph}{theme.RuleGlyph} ", theme.Rule);
        x += screen.Write(x, top, target.Spec.Name, theme.Header);
        x += screen.Write(x, top, " · ", theme.Rule);
        x += screen.Write(x, top, state, stateStyle);
        x += screen.Write(x, top, " · ↑↓ other hosts · q closes ", theme.Rule);
        screen.Fill(x, top, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);

        bool twoColumns = screen.Width >= FactsWidth + 36;
        int factsWidth = twoColumns ? FactsWidth : screen.Width;
        var lines = new List<(string Label, string Text, Style Style)>();
        lines.AddRange(Facts(target, model, theme));
        lines.AddRange(Events(target, model, theme));
        lines.AddRange(Traffic(target, model, theme));
        int y0 = top + 1;
        int row = 0;
        foreach ((string label, string text, Style style) in lines)
        {
            if (row >= height - 1)
            {
                break;
            }

            screen.Write(1, y0 + row, label, theme.Header, Label);
            screen.Write(1 + Label, y0 + row, text, style, factsWidth - Label - 2);
            row++;
        }

        int resultsX = twoColumns ? FactsWidth + 1 : 1;
        int resultsY = twoColumns ? y0 : y0 + row + (row < height - 1 ? 1 : 0);
        int room = top + height - resultsY;
        if (room <= 0)
        {
            return;
        }

        screen.Write(resultsX, resultsY, "Latest results, newest first", theme.Header, screen.Width - resultsX);
        if (recent is null)
        {
            screen.Write(resultsX, resultsY + 1, "…", theme.Muted);
            return;
        }

        for (int i = 0; i < Math.Min(recent.Count, room - 1); i++)
        {
            RecentResult r = recent[i];
            string time = r.At.ToOffset(model.Now.Offset).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            Style style = r.Result.IsReply ? theme.Up : theme.Loss;
            int at = resultsX + screen.Write(resultsX, resultsY + 1 + i, time + "  ", theme.Normal);
            screen.Write(at, resultsY + 1 + i, ResultText.Describe(r.Result), style, screen.Width - at);
        }
    }

    private static IEnumerable<(string, string, Style)> Facts(TargetView t, DisplayModel model, Theme theme)
    {
        string resolved = t.Address is { } address && address.ToString() != t.Spec.Address.Text ? $" (resolved {address})" : t.Address is null ? " (not resolved yet)" : "";
        yield return ("Address", t.Spec.Address.Text + resolved, theme.Normal);
        yield return ("Group", t.Spec.Group ?? "-", theme.Normal);
        string options = string.Join(", ", t.Spec.Probe.DisplayOptions().Select(o => $"{o.Key}={o.Value}"));
        yield return ("Probe", ProbeKindNames.Of(t.Spec.Probe.Kind) + (options.Length > 0 ? ", " + options : ""), theme.Normal);
        string since = t.Since is { } s ? $", since {s.ToOffset(model.Now.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}" : "";
        string duration = t.Since is { } d ? " for " + Figures.Duration(model.Now - d) : "";
        yield return ("State", RunReport.StateName(t.Status) + duration + since, t.Status == TargetStatus.Down ? theme.Loss : theme.Normal);
        if (t.Note is { } note)
        {
            yield return ("Note", note, theme.Warning);
        }

        yield return ("Counts", t.Sent == 0 ? "nothing sent yet" : $"sent {t.Sent}, received {t.Received}, loss {Figures.Loss(t.LossPercent)}", t.LossPercent > 0 ? theme.Loss : theme.Normal);
        RttStats rtt = t.Rtt;
        yield return ("RTT ms", rtt.Count == 0 ? "no reply yet"
            : $"last {Figures.Rtt(rtt.Last)}, min {Figures.Rtt(rtt.Min)}, avg {Figures.Rtt(rtt.Average)}, max {Figures.Rtt(rtt.Max)}, jitter {Figures.Rtt(rtt.Jitter)}", theme.Normal);
        yield return ("TTL", t.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "-", theme.Normal);
        if (t.LastResult is { } last)
        {
            yield return ("Last", ResultText.Describe(last), last.IsReply ? theme.Normal : theme.Loss);
        }
    }

    private static IEnumerable<(string, string, Style)> Events(TargetView t, DisplayModel model, Theme theme)
    {
        string label = "Events";
        foreach (StateChange change in model.Snapshot.Events.Where(e => e.Target.Id == t.Id).Take(5))
        {
            string time = change.At.ToOffset(model.Now.Offset).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            yield return (label, $"{time} {RunReport.StateName(change.To).ToUpperInvariant(),-4} {EventsView.Reason(change)}", change.To == TargetStatus.Down ? theme.Loss : theme.Up);
            label = "";
        }
    }

    private static IEnumerable<(string, string, Style)> Traffic(TargetView t, DisplayModel model, Theme theme)
    {
        string label = "Traffic";
        foreach (InterfaceView i in model.Snapshot.Interfaces.Where(i => i.Host == t.Spec.Name))
        {
            string text = i.State == "ok"
                ? $"{i.Interface} in {RunReport.Bits(i.InBitsPerSecond)}, out {RunReport.Bits(i.OutBitsPerSecond)}{(i.UtilisationPercent is { } u ? $", {u:0.0}%" : "")}, {i.OperStatus}"
                : $"{i.Interface} {i.Detail ?? i.State}";
            yield return (label, text, i.State == "ok" ? theme.Normal : theme.Warning);
            label = "";
        }
    }
}
