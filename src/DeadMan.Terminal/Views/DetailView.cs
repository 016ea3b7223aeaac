using System.Globalization;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Trace;
using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Text;
using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Views;

/// <summary>
/// Everything known of the selected host (Enter, i or a click), over the table: where it is, how it is probed
/// (secrets masked), its state and since when, counts, RTT figures, its latest results in words with their times,
/// its path as last traced (or live, with t), its events, and its interfaces' traffic. On a wide screen the latest results take a column of their own; on a
/// narrow one everything is one wrapped column that PgUp, PgDn and the wheel scroll.
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
    private const string ResultsHeading = "Latest results, newest first";
    private const int Label = 10;

    // Recent values of a gauge in its line: the line must still fit the facts' column beside the value.
    private const int GaugeSpark = 24;

    /// <summary>Over <paramref name="area"/>; the map says how many of its lines show.</summary>
    public static ScreenMap Draw(ScreenBuffer screen, Area area, DisplayModel model, ScreenMap map, Theme theme)
    {
        (int visible, int total) = DrawDetail(screen, area.Top, area.Height, model, theme);
        return map with { DetailVisible = visible, DetailLines = total };
    }

    /// <summary>Draws from line <see cref="ViewState.DetailScroll"/>; returns how many lines fit and how many there are.</summary>
    private static (int Visible, int Total) DrawDetail(ScreenBuffer screen, int top, int height, DisplayModel model, Theme theme)
    {
        if (height <= 0)
        {
            return (0, 0);
        }

        for (int y = top; y < top + height; y++)
        {
            screen.Fill(0, y, screen.Width, new System.Text.Rune(' '), theme.Normal);
        }

        TargetView? target = model.Snapshot.Targets.FirstOrDefault(t => t.Id == model.View.Selected);
        if (target is null)
        {
            screen.Write(1, top, "This host is no longer in the file. q closes.", theme.Warning);
            return (0, 0);
        }

        DrawTitle(screen, top, target, model, theme);
        // Wide: the facts left, the latest results right. Narrow: one column, wrapped, to scroll through.
        bool twoColumns = screen.Width >= FactsWidth + 36;
        int factsWidth = twoColumns ? FactsWidth : screen.Width;
        var facts = Facts(target, model, theme, factsWidth - Label - 2).Concat(Events(target, model, theme)).Concat(Traffic(target, model, theme))
            .SelectMany(line => Wrap(line, factsWidth - Label - 2)).ToList();
        List<Line> results = Results(target, model, theme);
        if (!twoColumns)
        {
            facts.Add(new Line("", "", theme.Normal));
            facts.AddRange(results);
            results = [];
        }

        int visible = height - 1;
        int total = Math.Max(facts.Count, results.Count);
        int first = Math.Clamp(model.View.DetailScroll, 0, Math.Max(0, total - visible));
        int resultsX = FactsWidth + 1;
        for (int row = 0; row < visible; row++)
        {
            int y = top + 1 + row;
            if (first + row < facts.Count)
            {
                Line line = facts[first + row];
                int at = line.Whole ? 1 : 1 + screen.Write(1, y, line.Label, theme.Header, Label) + (Label - DisplayWidth.Of(line.Label));
                screen.Write(at, y, line.Text, line.Style, factsWidth - at - 1);
            }

            if (first + row < results.Count)
            {
                screen.Write(resultsX, y, results[first + row].Text, results[first + row].Style, screen.Width - resultsX);
            }
        }

        return (visible, total);
    }

    // "── core-sw · DOWN for 3m · ↑↓ other hosts · q closes ───"
    private static void DrawTitle(ScreenBuffer screen, int top, TargetView target, DisplayModel model, Theme theme)
    {
        string state = $"{StateWords.Name(target.Status).ToUpperInvariant()}{(target.Since is { } s ? " for " + Core.Text.DurationText.Compact(model.Now - s) : "")}";
        Style stateStyle = target.Status switch { TargetStatus.Down => theme.Down, TargetStatus.Degraded => theme.DegradedBold, TargetStatus.Up => theme.UpBold, _ => theme.Muted };
        int x = screen.Write(0, top, $"{theme.RuleGlyph}{theme.RuleGlyph} ", theme.Rule);
        x += screen.Write(x, top, target.Spec.Name, theme.Header);
        x += screen.Write(x, top, " · ", theme.Rule);
        x += screen.Write(x, top, state, stateStyle);
        x += screen.Write(x, top, " · ↑↓ other hosts · q closes ", theme.Rule);
        screen.Fill(x, top, screen.Width - x, new System.Text.Rune(theme.RuleGlyph[0]), theme.Rule);
    }

    private static List<Line> Results(TargetView target, DisplayModel model, Theme theme)
    {
        var lines = new List<Line> { new("", ResultsHeading, theme.Header) { Whole = true } };
        if (model.Detail is not { } detail || detail.Target.Id != target.Id)
        {
            lines.Add(new Line("", "…", theme.Muted) { Whole = true });
            return lines;
        }

        if (detail.Recent.Count == 0 && target.Vantages.Count > 0)
        {
            lines.Add(new Line("", "kept by each agent", theme.Muted) { Whole = true });
        }

        foreach (RecentResult r in detail.Recent)
        {
            string time = r.At.ToOffset(model.Now.Offset).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            lines.Add(new Line("", $"{time}  {ResultText.Describe(r.Result)}", r.Result.IsReply ? theme.Up : theme.Loss) { Whole = true });
        }

        return lines;
    }

    // The time alone today, with the date before.
    private static string When(DateTimeOffset at, DateTimeOffset now)
    {
        DateTimeOffset local = at.ToOffset(now.Offset);
        return local.ToString(local.Date == now.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    // Long values go on under the value column, not under the label.
    private static IEnumerable<Line> Wrap(Line line, int width)
    {
        string label = line.Label;
        foreach (string part in TextWrap.Lines(line.Text, width))
        {
            yield return line with { Label = label, Text = part };
            label = "";
        }
    }

    /// <summary>A labelled value, or with <see cref="Whole"/> a line that starts at the margin (the results).</summary>
    private sealed record Line(string Label, string Text, Style Style)
    {
        public bool Whole { get; init; }
    }

    /// <param name="room">Columns a value has before it wraps.</param>
    private static IEnumerable<Line> Facts(TargetView t, DisplayModel model, Theme theme, int room)
    {
        string resolved = t.Address is { } address && address.ToString() != t.Spec.Address.Text ? $" (resolved {address})" : t.Address is null ? " (not resolved yet)" : "";
        yield return new Line("Address", t.Spec.Address.Text + resolved, theme.Normal);
        yield return new Line("Group", t.Spec.Group ?? "-", theme.Normal);
        string options = string.Join(", ", t.Spec.Probe.DisplayOptions().Select(o => $"{o.Key}={o.Value}"));
        yield return new Line("Probe", ProbeKindNames.Of(t.Spec.Probe.Kind) + (options.Length > 0 ? ", " + options : ""), theme.Normal);
        string since = t.Since is { } s ? $", since {When(s, model.Now)}" : "";
        string duration = t.Since is { } d ? " for " + Core.Text.DurationText.Compact(model.Now - d) : "";
        string why = t.Status == TargetStatus.Degraded && t.Reason is { } reason ? $" ({reason})" : t.Spec.ExpectDown ? $" ({StateWords.ExpectedDown})" : "";
        yield return new Line("State", StateWords.Name(t.Status) + duration + since + why,
                              t.Status switch { TargetStatus.Down => theme.Loss, TargetStatus.Degraded => theme.Degraded, _ => theme.Normal });
        if (t.Acknowledgement is { } known)
        {
            // Who said it is known, when, until when and why.
            yield return new Line("Known", $"{theme.KnownGlyph} acknowledged by {known.Describe()} · A withdraws", theme.Known);
        }

        if (t.Maintenance is { } window)
        {
            yield return new Line("Maint.", $"{theme.MaintenanceGlyph} in a maintenance window, {window.Describe()}{(window.Note is { } doing ? $": {doing}" : "")}", theme.Maintenance);
        }

        if (t.Note is { } note)
        {
            yield return new Line("Note", note, theme.Warning);
        }

        if (t.Vantages.Count > 0)
        {
            // Read back from other deadmans: their own figures, one line each, rather than this machine's.
            foreach (Line line in Vantages(t, theme))
            {
                yield return line;
            }

            yield break;
        }

        // cert_warn's default is no default of every host's: said where there is a certificate to warn of.
        string certificateWarn = t.Spec.Probe is HttpProbeSpec { Tls: true } && t.Rules.CertWarn is null
            ? $"; certificate warned {HealthValues.Show(HealthRules.DefaultCertWarn)} ahead" : "";
        yield return new Line("Health", Core.Export.SettingsReport.Describe(t.Rules) + certificateWarn, theme.Muted);

        string confirmations = t.TotalConfirmations == 0 ? "" : $", {t.TotalConfirmations} confirmation echoes";
        yield return new Line("Counts", t.Sent == 0 ? "nothing sent yet" : $"sent {t.Sent}, received {t.Received}, loss {Figures.Loss(t.LossPercent)}{confirmations}", t.LossPercent > 0 ? theme.Loss : theme.Normal);
        RttStats rtt = t.Rtt;
        yield return new Line("RTT ms", rtt.Count == 0 ? "no reply yet"
            : $"last {Figures.Rtt(rtt.Last)}, min {Figures.Rtt(rtt.Min)}, avg {Figures.Rtt(rtt.Average)}, max {Figures.Rtt(rtt.Max)}, jitter {Figures.Rtt(rtt.Jitter)}", theme.Normal);
        yield return new Line("TTL", t.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "-", theme.Normal);
        if (EchoSize.Of(t.Spec.Probe) is { SearchPathMtu: true })
        {
            yield return new Line("Path MTU", t.PathMtu switch
            {
                null => "searching",
                { Bytes: { } bytes } => $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes{(bytes >= PathMtu.MostSearched ? " or more" : "")}, found {t.PathMtu.At.ToLocalTime():HH:mm:ss}",
                { UnknownBecause: var because } => $"unknown: {because}",
            }, t.PathMtu is { Bytes: null } ? theme.Loss : theme.Normal);
        }

        if (t.Spec.Probe is HttpProbeSpec { Tls: true } web)
        {
            yield return Certificate(t.Certificate, web, t.Rules, model.Now, theme);
        }

        if (t.LastResult is { } last)
        {
            yield return new Line("Last", ResultText.Describe(last), last.IsReply ? theme.Normal : theme.Loss);
        }

        foreach (Line line in Trace(t, model, theme, room))
        {
            yield return line;
        }
    }

    // The live trace (t) while it runs, else the latest one (taken when the host failed, or with trace=on), a line a hop.
    private static IEnumerable<Line> Trace(TargetView t, DisplayModel model, Theme theme, int room)
    {
        TargetDetail? detail = model.Detail is { } d && d.Target.Id == t.Id ? d : null;
        if (model.View.LiveTrace && detail is not null)
        {
            if (detail.LiveTrace is not { } live)
            {
                yield return new Line("Live", detail.LiveTraceNote ?? "tracing… (t stops)", detail.LiveTraceNote is null ? theme.Muted : theme.Warning);
                yield break;
            }

            yield return new Line("Live", $"{live.Summary(t.KnownPathLength)}, pass {live.Passes} · t stops", live.Reached ? theme.Up : theme.Loss);
            foreach ((string text, TraceHop? hop) in TraceLines.Table(live, live: true, room))
            {
                yield return new Line("", text, hop is null ? theme.Muted : HopStyle(hop, theme));
            }

            yield break;
        }

        if (t.TraceNote is { } note)
        {
            yield return new Line("Trace", note, theme.Muted);
        }
        else if (t.Trace is { } trace)
        {
            yield return new Line("Trace", TraceLines.Summary(t, trace, model.Now), trace.Reached ? theme.Normal : theme.Loss);
            foreach ((string text, TraceHop? hop) in TraceLines.Table(trace, live: false, room))
            {
                yield return new Line("", text, hop is null ? theme.Muted : HopStyle(hop, theme));
            }
        }
    }

    private static Style HopStyle(TraceHop hop, Theme theme) =>
        hop.Address is null || hop.Note is not null ? theme.Loss : hop.LossPercent > 0 ? theme.Degraded : theme.Normal;

    // "register.example.org, by Event CA, 86 days left (until 2027-03-03)": red when it fails the check or has run
    // out, amber within cert_warn.
    private static Line Certificate(TlsCertificate? certificate, HttpProbeSpec web, HealthRules rules, DateTimeOffset now, Theme theme)
    {
        string unverified = web.Verify ? "" : ", not checked (tls-verify=off)";
        if (certificate is null)
        {
            return new Line("TLS", "no certificate seen yet" + unverified, theme.Muted);
        }

        TimeSpan left = certificate.Left(now);
        string days = left <= TimeSpan.Zero ? $"expired {Core.Text.DurationText.Compact(-left)} ago" : $"{Core.Text.DurationText.Compact(left)} left";
        // Run out is said already by the time left.
        string problem = certificate.Problem is { } p && left > TimeSpan.Zero ? $"; {p}" : "";
        Style style = certificate.Problem is not null || left <= TimeSpan.Zero ? theme.Loss
            : left < (rules.CertWarn ?? HealthRules.DefaultCertWarn) ? theme.Degraded
            : theme.Normal;
        return new Line("TLS", $"{certificate.Subject}, by {certificate.Issuer}, {days} (until {certificate.NotAfter:yyyy-MM-dd}){problem}{unverified}", style);
    }

    private static IEnumerable<Line> Vantages(TargetView t, Theme theme)
    {
        int width = t.Vantages.Max(v => Core.Text.DisplayWidth.Of(v.Vantage));
        string label = "From";
        foreach (VantageReading v in t.Vantages)
        {
            string name = Core.Text.DisplayWidth.Fit(v.Vantage, width);
            string loss = v.LossPercent is { } lost ? Figures.Loss(lost) : "-";
            string text = v switch
            {
                { Stale: true } => $"{name}  stale: agent gone or not scraped",
                { Status: TargetStatus.Down } => $"{name}  down    avg {Figures.Rtt(v.AverageMs)} ms, loss {loss}",
                _ => $"{name}  {StateWords.Name(v.Status),-8}{Figures.Rtt(v.RttMs)} ms, avg {Figures.Rtt(v.AverageMs)}, loss {loss}",
            };
            yield return new Line(label, text, v switch
            {
                { Stale: true } => theme.Muted,
                { Status: TargetStatus.Down } => theme.Loss,
                { Status: TargetStatus.Degraded } => theme.Degraded,
                _ => theme.Up,
            });
            label = "";
        }
    }

    private static IEnumerable<Line> Events(TargetView t, DisplayModel model, Theme theme)
    {
        string label = "Events";
        foreach (StateChange change in model.Snapshot.Events.Where(e => e.Target.Id == t.Id).Take(5))
        {
            string time = change.At.ToOffset(model.Now.Offset).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            yield return new Line(label, $"{time} {StateWords.Name(change.To).ToUpperInvariant(),-4} {EventsView.Reason(change)}", change.To == TargetStatus.Down ? theme.Loss : theme.Up);
            label = "";
        }
    }

    private static IEnumerable<Line> Traffic(TargetView t, DisplayModel model, Theme theme)
    {
        string label = "Traffic";
        foreach (InterfaceView i in model.Snapshot.Interfaces.Where(i => i.Host == t.Spec.Name))
        {
            string text = i.State == "ok"
                ? $"{i.Interface} in {RunReport.Bits(i.InBitsPerSecond)}, out {RunReport.Bits(i.OutBitsPerSecond)}{(i.UtilisationPercent is { } u ? $", {u:0.0}%" : "")}, {i.OperStatus}"
                : $"{i.Interface} {i.Detail ?? i.State}";
            yield return new Line(label, text, i.State == "ok" ? theme.Normal : theme.Warning);
            label = "";
        }

        label = "Gauges";
        foreach (GaugeView g in model.Snapshot.Gauges.Where(g => g.Host == t.Spec.Name))
        {
            GaugeReading r = g.Reading;
            string text = r.Value is { } value ? $"{r.Name} {r.Definition.Show(value)} {Spark([.. g.History.Take(GaugeSpark)], theme)}" : $"{r.Name} {r.Detail ?? r.State}";
            yield return new Line(label, text, r.Level switch { GaugeLevel.Crit => theme.Loss, GaugeLevel.Warn => theme.Warning, _ when r.Value is null => theme.Muted, _ => theme.Normal });
            label = "";
        }
    }

    // Newest on the left, as every sparkline of deadman's; scaled from 0 to the highest shown.
    private static string Spark(IReadOnlyList<double> values, Theme theme)
    {
        double top = values.Count == 0 ? 0 : values.Max();
        return string.Concat(values.Select(v => theme.Bars[top <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(v / top * theme.Bars.Count) - 1, 0, theme.Bars.Count - 1)]));
    }
}
