using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>
/// A tool's CPU and peak memory over a window after its warm-up. The tool is then interrupted (SIGINT), on which
/// both fping and deadman --count print totals for their whole run; <see cref="Figures"/> scales those to the window.
/// </summary>
internal readonly record struct MeasuredWindow(TimeSpan Cpu, double Seconds, double PeakRssMiB, TimeSpan WarmUp)
{
    /// <summary>The next <paramref name="measured"/> of process <paramref name="pid"/>, which has warmed up for <paramref name="warmUp"/>.</summary>
    public static async Task<MeasuredWindow> OfAsync(int pid, TimeSpan warmUp, TimeSpan measured)
    {
        TimeSpan before = ProcessFigures.Cpu(pid);
        var wall = Stopwatch.StartNew();
        await Task.Delay(measured);
        return new MeasuredWindow(ProcessFigures.Cpu(pid) - before, wall.Elapsed.TotalSeconds, ProcessFigures.PeakRssMiB(pid), warmUp);
    }

    public static async Task<MeasuredWindow> OfThenInterruptAsync(Process process, TimeSpan warmUp, TimeSpan measured)
    {
        MeasuredWindow window = await OfAsync(process.Id, warmUp, measured);
        Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        await process.WaitForExitAsync();
        return window;
    }

    public double CpuPerSecond => Cpu.TotalSeconds / Seconds;

    /// <summary>The run's totals scaled to the window, which is its share of the run.</summary>
    public Figures Figures(string tool, int targets, long sent, long received)
    {
        double share = Seconds / (Seconds + WarmUp.TotalSeconds);
        return new Figures(tool, targets, Seconds, Cpu, PeakRssMiB, (long)(sent * share), (long)((sent - received) * share));
    }
}
