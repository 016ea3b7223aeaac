using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeadMan.Benchmarks;

/// <summary>
/// deadman as operators run it, in a 200x60 tmux pane: what the full screen costs beyond the headless engine, the
/// whole process with per-host logs and a scraped metrics endpoint, and the time from start to a first frame with
/// every host's result.
/// </summary>
internal static class WholeProcessRun
{
    private const int Width = 200;
    private const int Height = 60;

    public static string ScreenHeader =>
        "| build | hosts | headless CPU s/s | full screen CPU s/s | the screen's own CPU s/s |\n|---|---:|---:|---:|---:|";

    public static string OperatorsHeader =>
        "| build | hosts | CPU s/s | peak RSS MiB | log lines/s |\n|---|---:|---:|---:|---:|";

    public static string FirstFrameHeader => "| build | hosts | start to a frame with every result, ms (median; min–max) |\n|---|---:|---|";

    /// <summary>The same hosts headless and on the full screen, one after the other; the difference is the screen's cost.</summary>
    public static async Task<string> ScreenCostAsync(string build, string binary, int hosts, TimeSpan warmUp, TimeSpan measured)
    {
        string list = Loopback.HostList(hosts);
        try
        {
            double headless;
            var start = new ProcessStartInfo(binary, [list, "--count", "100000", "--json"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using (Process process = Process.Start(start)!)
            {
                Task<string> drained = process.StandardOutput.ReadToEndAsync();
                headless = await CpuPerSecondAsync(process.Id, warmUp, measured);
                process.Kill();
                await process.WaitForExitAsync();
            }

            double screen;
            await using (Pane pane = await Pane.StartAsync([binary, list], Width, Height))
            {
                screen = await CpuPerSecondAsync(pane.Pid, warmUp, measured);
            }

            return string.Create(CultureInfo.InvariantCulture, $"| {build} | {hosts} | {headless:0.0000} | {screen:0.0000} | {screen - headless:0.0000} |");
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>The full screen, per-host logs (-l) and --metrics, scraped every 15 s as Prometheus would.</summary>
    public static async Task<string> OperatorsRunAsync(string build, string binary, int hosts, TimeSpan warmUp, TimeSpan measured)
    {
        string list = Loopback.HostList(hosts);
        string logs = Directory.CreateTempSubdirectory("dmbench-logs-").FullName;
        int port = FreePort();
        try
        {
            await using Pane pane = await Pane.StartAsync([binary, list, "-l", logs, "--metrics", $"127.0.0.1:{port}"], Width, Height);
            using var http = new HttpClient();
            await Task.Delay(warmUp);
            TimeSpan before = ProcessFigures.Cpu(pane.Pid);
            long linesBefore = LogLines(logs);
            var wall = Stopwatch.StartNew();
            for (TimeSpan left = measured; left > TimeSpan.Zero; left = measured - wall.Elapsed)
            {
                await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
                await Task.Delay(Min(TimeSpan.FromSeconds(15), left));
            }

            double seconds = wall.Elapsed.TotalSeconds;
            double cpu = (ProcessFigures.Cpu(pane.Pid) - before).TotalSeconds / seconds;
            double lines = (LogLines(logs) - linesBefore) / seconds;
            return string.Create(CultureInfo.InvariantCulture, $"| {build} | {hosts} | {cpu:0.000} | {ProcessFigures.PeakRssMiB(pane.Pid):0.0} | {lines:0} |");
        }
        finally
        {
            File.Delete(list);
            Directory.Delete(logs, recursive: true);
        }
    }

    public static string StartHeader => "| build | `--version`, exec to exit, ms (median of 15; min–max) |\n|---|---|";

    /// <summary>
    /// The start alone: <c>deadman --version</c> from the start of the process to its exit, as the shell would see it
    /// (includes the fork and exec, about a millisecond here); alternating with nothing, so the page cache is warm.
    /// </summary>
    public static async Task<string> StartAsync(string build, string binary, int runs)
    {
        var times = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true })!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"| {build} | {times[times.Count / 2]:0.0} ({times[0]:0.0}–{times[^1]:0.0}) |");
    }

    /// <summary>
    /// From just before the exec of deadman (a timestamp the pane's shell writes) to the capture that first shows
    /// every host up, polled every few milliseconds; a few runs.
    /// </summary>
    /// <summary>
    /// From exec to the bytes of a frame with every host's result reaching the terminal: the pane's shell waits for a
    /// key, notes the time (bash's clock, no process of its own) and execs deadman; tmux pipes every byte deadman
    /// writes to a file, read every millisecond for the title that follows the frame ("deadman: 50 up"). Reading the
    /// pane with capture-pane instead added a tmux client's start-up to every look (10 to 15 ms more: 66 against 52 ms for the same build, measured).
    /// </summary>
    public static async Task<string> FirstFrameAsync(string build, string binary, int hosts, int runs)
    {
        string list = Loopback.HostList(hosts);
        string stamp = Path.GetTempFileName();
        string output = Path.GetTempFileName();
        var times = new List<double>();
        try
        {
            for (int run = 0; run < runs; run++)
            {
                File.Delete(stamp);
                File.WriteAllText(output, "");
                await using Pane pane = await Pane.StartAsync(["bash", "-c", "read -r; echo \"$EPOCHREALTIME\" > \"$0\"; exec \"$1\" \"$2\"", stamp, binary, list], Width, Height);
                await pane.PipeToAsync(output);
                await pane.SendKeysAsync("Enter");
                var limit = Stopwatch.StartNew();
                string marker = $"deadman: {hosts} up";
                while (limit.Elapsed < TimeSpan.FromSeconds(10) && !File.ReadAllText(output).Contains(marker, StringComparison.Ordinal))
                {
                    await Task.Delay(1);
                }

                double shown = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
                double started = double.Parse((await File.ReadAllTextAsync(stamp)).Trim(), CultureInfo.InvariantCulture);
                times.Add((shown - started) * 1000);
            }

            times.Sort();
            return string.Create(CultureInfo.InvariantCulture, $"| {build} | {hosts} | {times[times.Count / 2]:0} ({times[0]:0}–{times[^1]:0}) |");
        }
        finally
        {
            File.Delete(list);
            File.Delete(stamp);
            File.Delete(output);
        }
    }

    private static async Task<double> CpuPerSecondAsync(int pid, TimeSpan warmUp, TimeSpan measured)
    {
        await Task.Delay(warmUp);
        return (await MeasuredWindow.OfAsync(pid, warmUp, measured)).CpuPerSecond;
    }

    private static long LogLines(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).LongCount());

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
