using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>
/// A tool's CPU and peak memory over a window after its warm-up. The tool is then interrupted (SIGINT), on which
/// both fping and deadman --count print totals for their whole run; <see cref="Figures"/> scales those to the window.
/// </summary>
/// <param name="Allocated">Bytes the process allocated over the window, when asked for; else 0.</param>
internal readonly record struct MeasuredWindow(TimeSpan Cpu, double Seconds, double PeakRssMiB, TimeSpan WarmUp, double Allocated = 0)
{
    /// <summary>The next <paramref name="measured"/> of process <paramref name="pid"/>, which has warmed up for <paramref name="warmUp"/>.</summary>
    public static async Task<MeasuredWindow> OfAsync(int pid, TimeSpan warmUp, TimeSpan measured, Func<Task<double>>? allocated = null)
    {
        double allocatedBefore = allocated is null ? 0 : await allocated();
        TimeSpan before = ProcessFigures.Cpu(pid);
        var wall = Stopwatch.StartNew();
        await Task.Delay(measured);
        TimeSpan cpu = ProcessFigures.Cpu(pid) - before;
        double seconds = wall.Elapsed.TotalSeconds;
        return new MeasuredWindow(cpu, seconds, ProcessFigures.PeakRssMiB(pid), warmUp, allocated is null ? 0 : await allocated() - allocatedBefore);
    }

    public static async Task<MeasuredWindow> OfThenInterruptAsync(Process process, TimeSpan warmUp, TimeSpan measured, Func<Task<double>>? allocated = null)
    {
        MeasuredWindow window = await OfAsync(process.Id, warmUp, measured, allocated);
        Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        await process.WaitForExitAsync();
        return window;
    }

    public double CpuPerSecond => Cpu.TotalSeconds / Seconds;

    /// <summary>The run's totals scaled to the window, which is its share of the run.</summary>
    public Figures Figures(string tool, int targets, long sent, long received)
    {
        double share = Seconds / (Seconds + WarmUp.TotalSeconds);
        return new Figures(tool, targets, Seconds, Cpu, PeakRssMiB, (long)(sent * share), (long)((sent - received) * share)) { AllocatedBytes = Allocated };
    }
}
