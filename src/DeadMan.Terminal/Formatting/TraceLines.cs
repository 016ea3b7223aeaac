using System.Globalization;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Terminal.Formatting;

/// <summary>A trace in the screen's words: one line of what it found, and a line per hop, as mtr lays them out.</summary>
public static class TraceLines
{
    /// <summary>"stops after 198.18.12.2 (sw-dist-2), hop 2 of 4 · 12:03:11", with where it left from and whose trace it was.</summary>
    public static string Summary(TargetView target, PathTrace trace, DateTimeOffset now)
    {
        string at = trace.At.ToOffset(now.Offset).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        string from = trace.From is { } place ? $", from {place}" : "";
        string shared = trace.TracedFor is { } other ? $", traced for {other} (same prefix)" : "";
        string changes = target.PathChanges > 0 ? $"; path changed {target.PathChanges}× in the last hour" : "";
        return $"{trace.Summary(target.KnownPathLength)} · {at}{from}{shared}{changes}";
    }

    // Beside the host: the hop's distance, the loss, and a column a figure.
    private const int Fixed = 2 + 2 + 2 + 4;
    private const int Figure = 7;

    /// <summary>
    /// The hops as a table, with its heading first: loss and average RTT in ms, and for a live trace the last and
    /// worst too (mtr's columns, in the room the detail has). A hop that never answered is "*"; what a router said is
    /// in the summary.
    /// <code>
    ///  #  host        loss   last    avg  worst
    ///  1  core-sw       0%   0.17   0.11   0.17
    ///  2  198.18.1.2    0%   0.21   0.20   0.24
    ///  3  *           100%
    /// </code>
    /// </summary>
    /// <param name="room">Columns the table may take: a host's name is cut to fit.</param>
    public static IEnumerable<(string Text, TraceHop? Hop)> Table(PathTrace trace, bool live, int room)
    {
        int most = Math.Max(4, room - Fixed - (Figure * (live ? 3 : 1)));
        int width = Math.Min(most, Math.Max(4, trace.Hops.Max(h => (int?)Core.Text.DisplayWidth.Of(Label(h))) ?? 0));
        string times = live ? $"{"last",6} {"avg",6} {"worst",6}" : $"{"avg",6}";
        yield return ($" #  {Core.Text.DisplayWidth.Fit("host", width)}  loss {times}", null);
        foreach (TraceHop hop in trace.Hops)
        {
            string distance = hop.Distance.ToString(CultureInfo.InvariantCulture).PadLeft(2);
            string loss = Figures.Loss(hop.LossPercent).PadLeft(4);
            string figures = hop.Received == 0 ? "" : live
                ? $" {Figures.Rtt(hop.Last),6} {Figures.Rtt(hop.Average),6} {Figures.Rtt(hop.Worst),6}"
                : $" {Figures.Rtt(hop.Average),6}";
            yield return ($"{distance}  {Core.Text.DisplayWidth.Fit(Label(hop), width)}  {loss}{figures}", hop);
        }
    }

    // A row's name says more than its address (the summary gives both); "+2": ECMP's other routers at that distance.
    private static string Label(TraceHop hop) => (hop.Name ?? hop.Address?.ToString() ?? "*") + (hop.Others.Count > 0 ? $" +{hop.Others.Count}" : "");
}
