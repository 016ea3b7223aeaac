using System.Diagnostics;
using System.Globalization;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Terminal;
using DeadMan.Terminal.Ansi;
using DeadMan.Terminal.Screen;

namespace DeadMan.Benchmarks;

/// <summary>
/// The full-screen view without a terminal: bytes it would send per second at steady state, and the CPU to draw
/// a page of a very large host list. The clock is simulated, so the figures do not depend on this machine's speed.
/// </summary>
internal static class RenderRun
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>50 hosts with RTTs between 0 and 75 ms, 200x60, one result per host per second, 10 frames a second.</summary>
    public static string BytesPerSecond(int hosts, int width, int height, int seconds)
    {
        var random = new Random(42);
        List<TargetState> states = Hosts(hosts);
        var profile = new TerminalProfile(Color: true, Unicode: true, SynchronizedOutput: true);
        var theme = Theme.For(profile);
        var writer = new FrameWriter(profile.SynchronizedOutput);
        ScreenBuffer? shown = null;
        long round = 0;
        long bytes = 0;
        int warmUpSeconds = width; // fill the RESULT column first: steady state means a full history

        for (int second = 0; second < warmUpSeconds + seconds; second++, round++)
        {
            for (int frame = 0; frame < 10; frame++)
            {
                // Sends are spread over the interval, so each tenth of a second brings a tenth of the results.
                foreach (TargetState state in states.Where((_, i) => i % 10 == frame))
                {
                    state.Apply(round, ProbeResult.Reply(TimeSpan.FromMilliseconds(random.NextDouble() * 75), 64), s_start);
                }

                DateTimeOffset now = s_start.AddSeconds(second).AddMilliseconds(frame * 100);
                ScreenBuffer next = Draw(states, width, height, theme, now, second, round);
                int written = writer.Render(shown, next).Length;
                if (second >= warmUpSeconds)
                {
                    bytes += written;
                }

                shown = next;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"| {hosts} hosts, {width}x{height}, 1 result/host/s, 10 frames/s | {bytes / (double)seconds:0} bytes/s |");
    }

    /// <summary>CPU per frame for a 10,000-host snapshot: sorting and filtering all, drawing the visible page.</summary>
    public static string CpuPerFrame(int hosts, int width, int height, int frames)
    {
        List<TargetState> states = Hosts(hosts);
        for (long round = 0; round < 200; round++)
        {
            foreach (TargetState state in states)
            {
                state.Apply(round, round % 17 == 0 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(round % 60), 64), s_start);
            }
        }

        var theme = Theme.For(new TerminalProfile(true, true, true));
        var writer = new FrameWriter(true);
        ScreenBuffer? shown = null;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int frame = 0; frame < frames; frame++)
        {
            ScreenBuffer next = Draw(states, width, height, theme, s_start.AddSeconds(frame), frame, 200);
            writer.Render(shown, next);
            shown = next;
        }

        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / frames;
        double wallMs = wall.Elapsed.TotalMilliseconds / frames;
        return string.Create(CultureInfo.InvariantCulture, $"| {hosts} hosts, {width}x{height}, visible page | {cpuMs:0.00} ms CPU per frame ({wallMs:0.00} ms wall) |");
    }

    private static List<TargetState> Hosts(int count)
    {
        string config = string.Join('\n', Enumerable.Range(0, count).Select(i => $"host-{i:00000} 192.0.{i / 250 % 256}.{(i % 250) + 1}"));
        return ConfigParser.Parse(config, "bench.conf").Targets.Select((spec, id) => new TargetState(id, spec, 512, null, s_start)).ToList();
    }

    private static ScreenBuffer Draw(List<TargetState> states, int width, int height, Theme theme, DateTimeOffset now, int second, long version)
    {
        var rows = states.Select(s => new MonitorRow(s.View, null)).ToList();
        var snapshot = new MonitorSnapshot(version, now, rows);
        var model = new DisplayModel(snapshot, new ViewState(), "From: bench (192.0.2.7)", "0.1.0", now, second, null, false);
        var screen = new ScreenBuffer(width, height);
        ScreenComposer.Compose(screen, model, theme);
        return screen;
    }
}
