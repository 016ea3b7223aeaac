using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace DeadMan.Benchmarks;

/// <summary>
/// A deadman build as operators run it headless (<c>deadman LIST --count N --json</c>), measured from /proc over a
/// window after warm-up: the JIT build beside this program or the native release binary. The report it prints when
/// interrupted gives the probes sent and answered, scaled to the window.
/// </summary>
internal static class DeadmanRun
{
    public static async Task<Figures?> MeasureAsync(string tool, string binary, int hosts, TimeSpan warmUp, TimeSpan measured)
    {
        if (!File.Exists(binary))
        {
            return null;
        }

        string list = Loopback.HostList(hosts);
        try
        {
            return await MeasureAsync(tool, [binary], list, hosts, warmUp, measured);
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>
    /// <paramref name="command"/> (the binary, or <c>ip netns exec NS</c> and the binary: it execs in place, so the
    /// process measured is deadman's) run on the host list <paramref name="list"/> of <paramref name="hosts"/> rows.
    /// </summary>
    /// <param name="allocated">Reads the process's bytes allocated so far, at both ends of the window; null when not measured.</param>
    public static async Task<Figures> MeasureAsync(string tool, string[] command, string list, int hosts, TimeSpan warmUp, TimeSpan measured,
                                                   Func<Task<double>>? allocated = null)
    {
        // Enough rounds to outlast warm-up and measurement; the run is interrupted at the end of the window.
        string rounds = ((int)Math.Ceiling((warmUp + measured).TotalSeconds) + 5).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(command[0], [.. command[1..], list, "--count", rounds, "--json"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process deadman = Process.Start(start)!;
        Task<string> report = deadman.StandardOutput.ReadToEndAsync();
        Task<string> errors = deadman.StandardError.ReadToEndAsync();
        await Task.Delay(warmUp);
        if (deadman.HasExited)
        {
            throw new InvalidOperationException($"{tool} ended early: {await errors}");
        }

        // SIGINT ends a --count run early with the report of what came in.
        MeasuredWindow window = await MeasuredWindow.OfThenInterruptAsync(deadman, warmUp, measured, allocated);
        await errors;
        (long sent, long received) = Totals(await report);
        return window.Figures(tool, hosts, sent, received);
    }

    private static (long Sent, long Received) Totals(string report)
    {
        using JsonDocument json = JsonDocument.Parse(report);
        long sent = 0;
        long received = 0;
        foreach (JsonElement target in json.RootElement.GetProperty("targets").EnumerateArray())
        {
            sent += target.GetProperty("sent").GetInt64();
            received += target.GetProperty("received").GetInt64();
        }

        return (sent, received);
    }
}
