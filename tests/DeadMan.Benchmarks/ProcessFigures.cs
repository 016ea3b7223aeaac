using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>CPU time and peak resident memory of a process, read from /proc (works for children we did not start as Process too).</summary>
internal static class ProcessFigures
{
    private static readonly double s_ticksPerSecond = 100; // USER_HZ, 100 on every Linux ABI .NET runs on

    public static TimeSpan Cpu(int pid)
    {
        // /proc/PID/stat: fields after the ")" of the command name; utime and stime are the 12th and 13th of those.
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / s_ticksPerSecond);
    }

    public static double PeakRssMiB(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
