using System.Globalization;
using System.Text.Json;

namespace DeadMan.Benchmarks.Screens;

/// <summary>
/// One renderer of the shared load in a real terminal: a tmux pane of the given size runs this benchmark program as
/// the renderer, tmux's pipe-pane counts the bytes that reach the terminal, and /proc gives CPU, write calls and
/// context switches of the renderer's process over a busy window (results arriving) and an idle one (none).
/// </summary>
internal static class ScreenLibraryRun
{
    public const string ChildVerb = "screen-child";

    private readonly record struct Sample(TimeSpan Cpu, long Writes, long Switches, long Bytes);

    public static string Header =>
        "| renderer | bytes/s | CPU ms/frame | frames/s | write calls/s | idle CPU s/s | idle wake-ups/s | packages it adds |\n|---|---:|---:|---:|---:|---:|---:|---:|";

    public static async Task<string> MeasureAsync(string renderer, int hosts, int width, int height, ScreenSchedule schedule)
    {
        string output = Path.GetTempFileName();
        string stats = Path.GetTempFileName();
        File.Delete(stats);
        string[] argv = [Environment.ProcessPath!, ChildVerb, renderer, hosts.ToString(CultureInfo.InvariantCulture), stats, .. schedule.ToArguments()];
        try
        {
            await using Pane pane = await Pane.StartAsync(argv, width, height);
            await pane.PipeToAsync(output);
            await Task.Delay(schedule.WarmUp);
            Sample start = Take(pane.Pid, output);
            await Task.Delay(schedule.Busy);
            Sample busyEnd = Take(pane.Pid, output);
            await Task.Delay(schedule.Idle);
            Sample idleEnd = Take(pane.Pid, output);
            (int busyFrames, _) = await FramesAsync(stats);

            double busy = schedule.Busy.TotalSeconds;
            double idle = schedule.Idle.TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"| {renderer} | {(busyEnd.Bytes - start.Bytes) / busy:0} | {(busyEnd.Cpu - start.Cpu).TotalMilliseconds / Math.Max(1, busyFrames):0.00} | {busyFrames / busy:0.0} | {(busyEnd.Writes - start.Writes) / busy:0.0} | {(idleEnd.Cpu - busyEnd.Cpu).TotalSeconds / idle:0.000} | {(idleEnd.Switches - busyEnd.Switches) / idle:0} | {PackagesAdded(renderer)} |");
        }
        finally
        {
            File.Delete(output);
            File.Delete(stats);
        }
    }

    /// <summary>The renderer's side, in the tmux pane: runs the load, then leaves the frames it drew for the harness.</summary>
    public static async Task RunChildAsync(ReadOnlyMemory<string> args)
    {
        string renderer = args.Span[0];
        int hosts = int.Parse(args.Span[1], CultureInfo.InvariantCulture);
        string stats = args.Span[2];
        ScreenSchedule schedule = ScreenSchedule.FromArguments(args.Span[3..]);
        if (renderer == "terminal-gui")
        {
            TerminalGuiScreen.Run(schedule, hosts);
        }
        else
        {
            await OwnScreen.RunAsync(schedule, hosts);
        }

        await File.WriteAllTextAsync(stats, $"{schedule.BusyFrames} {schedule.IdleFrames}");
    }

    private static Sample Take(int pid, string output) =>
        new(ProcessFigures.Cpu(pid), ProcessFigures.WriteCalls(pid), ProcessFigures.ContextSwitches(pid), new FileInfo(output).Length);

    private static async Task<(int Busy, int Idle)> FramesAsync(string stats)
    {
        for (int i = 0; i < 100 && !File.Exists(stats); i++)
        {
            await Task.Delay(100);
        }

        string[] frames = (await File.ReadAllTextAsync(stats)).Split(' ');
        return (int.Parse(frames[0], CultureInfo.InvariantCulture), int.Parse(frames[1], CultureInfo.InvariantCulture));
    }

    // The packages a renderer brings into a build: the closure of its package in this program's dependency manifest.
    private static int PackagesAdded(string renderer)
    {
        if (renderer != "terminal-gui")
        {
            return 0;
        }

        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DeadMan.Benchmarks.deps.json")));
        JsonElement target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([target.EnumerateObject().First(p => p.Name.StartsWith("Terminal.Gui/", StringComparison.Ordinal)).Name]);
        while (pending.TryPop(out string? library))
        {
            if (!seen.Add(library.Split('/')[0]) || !target.TryGetProperty(library, out JsonElement entry) || !entry.TryGetProperty("dependencies", out JsonElement dependencies))
            {
                continue;
            }

            foreach (JsonProperty dependency in dependencies.EnumerateObject())
            {
                pending.Push($"{dependency.Name}/{dependency.Value.GetString()}");
            }
        }

        return seen.Count;
    }
}
