using System.Diagnostics;
using System.Globalization;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Terminal.Ansi;
using DeadMan.Terminal.Screen;

namespace DeadMan.Benchmarks.Screens;

/// <summary>
/// The full-screen view without a terminal: bytes it would send per second at steady state, and the CPU to draw
/// a page of a very large host list. The clock is simulated, so the figures do not depend on this machine's speed.
/// </summary>
internal static class RenderRun
{
    /// <summary>50 hosts with RTTs between 0 and 75 ms, 200x60, one result per host per second, 10 frames a second.</summary>
    public static string BytesPerSecond(int hosts, int width, int height, int seconds)
    {
        var load = new ScreenLoad(hosts);
        var writer = new FrameWriter(synchronizedOutput: true);
        ScreenBuffer? shown = null;
        long bytes = 0;
        int warmUpSeconds = width; // fill the RESULT column first: steady state means a full history

        for (int second = 0; second < warmUpSeconds + seconds; second++)
        {
            for (int frame = 0; frame < ScreenLoad.TicksPerSecond; frame++)
            {
                ScreenBuffer next = load.Tick(width, height, withResults: true);
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
        List<TargetState> states = ScreenLoad.Hosts(hosts);
        for (long round = 0; round < 200; round++)
        {
            foreach (TargetState state in states)
            {
                state.Apply(round, round % 17 == 0 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(round % 60), 64), ScreenLoad.Start);
            }
        }

        var writer = new FrameWriter(true);
        ScreenBuffer? shown = null;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int frame = 0; frame < frames; frame++)
        {
            ScreenBuffer next = ScreenLoad.Draw(states, width, height, ScreenLoad.Start.AddSeconds(frame), frame, 200);
            writer.Render(shown, next);
            shown = next;
        }

        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / frames;
        double wallMs = wall.Elapsed.TotalMilliseconds / frames;
        return string.Create(CultureInfo.InvariantCulture, $"| {hosts} hosts, {width}x{height}, visible page | {cpuMs:0.00} ms CPU per frame ({wallMs:0.00} ms wall) |");
    }
}
