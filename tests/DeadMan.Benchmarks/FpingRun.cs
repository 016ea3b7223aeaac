using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DeadMan.Benchmarks;

/// <summary>
/// fping on the same targets at the same rate, measured the same way from /proc, run the cheapest way it can be: count
/// mode and quiet (<c>-q -c N</c>), which prints nothing per reply. Loop mode (<c>-l</c>) prints every reply even with
/// <c>-q</c> in fping 5.1, which cost it about a third more CPU in an earlier version of this benchmark.
/// </summary>
internal static partial class FpingRun
{
    public static async Task<Figures?> MeasureAsync(IReadOnlyList<string> addresses, TimeSpan warmUp, TimeSpan measured)
    {
        string list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, addresses);
        // -p: each target once a second; -i: the global gap between sends, so all targets fit into that second.
        string gap = (1000.0 / addresses.Count).ToString("0.###", CultureInfo.InvariantCulture);
        // Enough rounds to outlast warm-up and measurement; the run is interrupted at the end of the window.
        string rounds = ((int)Math.Ceiling((warmUp + measured).TotalSeconds) + 5).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("fping", ["-q", "-c", rounds, "-p", "1000", "-t", "1000", "-i", gap, "-f", list])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? fping;
        try
        {
            fping = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (fping)
        {
            // Quiet count mode prints nothing until the end; drain anyway so a full pipe could never stall fping.
            Task<string> replies = fping!.StandardOutput.ReadToEndAsync();
            Task<string> summary = fping.StandardError.ReadToEndAsync();
            await Task.Delay(warmUp);
            if (fping.HasExited)
            {
                // It refuses some loads outright (a gap between sends below its minimum): say what it said.
                Console.WriteLine($"| {addresses.Count} | fping | refused: {(await summary).Split('\n')[0].Trim()} | | | | | | |");
                File.Delete(list);
                return null;
            }

            // SIGINT makes fping print its per-target summary: "addr : xmt/rcv/%loss = 25/25/0%, …".
            MeasuredWindow window = await MeasuredWindow.OfThenInterruptAsync(fping, warmUp, measured);
            await replies;
            File.Delete(list);
            (long sent, long received) = Totals(await summary);
            return window.Figures("fping", addresses.Count, sent, received);
        }
    }

    private static (long Sent, long Received) Totals(string summary)
    {
        long sent = 0;
        long received = 0;
        foreach (Match match in SummaryLine().Matches(summary))
        {
            sent += long.Parse(match.Groups["xmt"].Value, CultureInfo.InvariantCulture);
            received += long.Parse(match.Groups["rcv"].Value, CultureInfo.InvariantCulture);
        }

        return (sent, received);
    }

    [GeneratedRegex(@"xmt/rcv/%loss = (?<xmt>\d+)/(?<rcv>\d+)/")]
    private static partial Regex SummaryLine();
}
