using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>CPU time, peak memory, write calls and wake-ups of a process, read from /proc (works for children we did not start as Process too).</summary>
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

    public static double PeakRssMiB(int pid) => StatusField($"/proc/{pid}/status", "VmHWM:") / 1024.0;

    /// <summary>write(2)-family calls of the whole process so far (/proc/PID/io, syscw).</summary>
    public static long WriteCalls(int pid) => StatusField($"/proc/{pid}/io", "syscw:");

    /// <summary>
    /// Context switches of all the process's threads so far: each is a thread going to sleep or being put off the
    /// CPU, so in an idle process they count its wake-ups. Threads that ended are not counted.
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        long total = 0;
        foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                total += StatusField($"{task}/status", "voluntary_ctxt_switches:") + StatusField($"{task}/status", "nonvoluntary_ctxt_switches:");
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return total;
    }

    private static long StatusField(string path, string name)
    {
        string line = File.ReadLines(path).First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
