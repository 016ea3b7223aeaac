using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks.Floor;

/// <summary>
/// icmp_floor.c, built here with clang or cc, on the same targets: one socket, one sendmmsg per slot, recvmmsg after
/// ppoll, nothing else. What any monitor written in any language pays the kernel and the wake-ups, for reference.
/// </summary>
internal static class FloorRun
{
    public static async Task<Figures?> MeasureAsync(int targets, TimeSpan slot, TimeSpan warmUp, TimeSpan measured)
    {
        string? binary = await BuildAsync();
        if (binary is null)
        {
            return null;
        }

        string seconds = (warmUp + measured).TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(binary, [targets.ToString(CultureInfo.InvariantCulture), seconds, slot.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process floor = Process.Start(start)!;
        Task<string> report = floor.StandardOutput.ReadToEndAsync();
        Task<string> errors = floor.StandardError.ReadToEndAsync();
        await Task.Delay(warmUp);
        TimeSpan cpuBefore = ProcessFigures.Cpu(floor.Id);
        var wall = Stopwatch.StartNew();
        await Task.Delay(measured - TimeSpan.FromSeconds(0.5));
        TimeSpan cpu = ProcessFigures.Cpu(floor.Id) - cpuBefore;
        double window = wall.Elapsed.TotalSeconds;
        double peak = ProcessFigures.PeakRssMiB(floor.Id);
        await floor.WaitForExitAsync();
        string[] totals = (await report).Split(' ', StringSplitOptions.TrimEntries);
        if (floor.ExitCode != 0 || totals.Length != 2)
        {
            throw new InvalidOperationException($"icmp_floor failed: {await errors}");
        }

        long sent = long.Parse(totals[0], CultureInfo.InvariantCulture);
        long received = long.Parse(totals[1], CultureInfo.InvariantCulture);
        double share = window / (warmUp + measured).TotalSeconds;
        return new Figures($"C floor ({slot.TotalMilliseconds:0} ms slots)", targets, window, cpu, peak, (long)(sent * share), (long)((sent - received) * share));
    }

    private static async Task<string?> BuildAsync()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Floor", "icmp_floor.c");
        string binary = Path.Combine(AppContext.BaseDirectory, "icmp_floor");
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= File.GetLastWriteTimeUtc(source))
        {
            return binary;
        }

        foreach (string compiler in new[] { "clang", "cc" })
        {
            try
            {
                using Process build = Process.Start(new ProcessStartInfo(compiler, ["-O2", "-o", binary, source]) { RedirectStandardError = true })!;
                await build.WaitForExitAsync();
                if (build.ExitCode == 0)
                {
                    return binary;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed; try the next.
            }
        }

        return null;
    }
}
