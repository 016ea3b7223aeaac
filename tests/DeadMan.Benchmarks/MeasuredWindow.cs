using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>
/// A tool's CPU and peak memory over a window after its warm-up. The tool is then interrupted (SIGINT), on which
/// both fping and deadman --count print totals for their whole run; <see cref="Figures"/> scales those to the window.
/// </summary>
internal readonly record struct MeasuredWindow(TimeSpan Cpu, double Seconds, double PeakRssMiB, TimeSpan WarmUp)
{
    public static async Task<MeasuredWindow> OfThenInterruptAsync(Process process, TimeSpan warmUp, TimeSpan measured)
    {
        TimeSpan before = ProcessFigures.Cpu(process.Id);
        var wall = Stopwatch.StartNew();
        await Task.Delay(measured);
        var window = new MeasuredWindow(ProcessFigures.Cpu(process.Id) - before, wall.Elapsed.TotalSeconds, ProcessFigures.PeakRssMiB(process.Id), warmUp);
        Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        await process.WaitForExitAsync();
        return window;
    }

    /// <summary>The run's totals scaled to the window, which is its share of the run.</summary>
    public Figures Figures(string tool, int targets, long sent, long received)
    {
        double share = Seconds / (Seconds + WarmUp.TotalSeconds);
        return new Figures(tool, targets, Seconds, Cpu, PeakRssMiB, (long)(sent * share), (long)((sent - received) * share));
    }
}
