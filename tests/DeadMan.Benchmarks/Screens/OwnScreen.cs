using DeadMan.Terminal.Ansi;
using DeadMan.Terminal.Screen;

namespace DeadMan.Benchmarks.Screens;

/// <summary>The load through deadman's own output path: the frame writer's difference, one write per frame, as TerminalApp does.</summary>
internal static class OwnScreen
{
    public static async Task RunAsync(ScreenSchedule schedule, int hosts)
    {
        using Stream output = Console.OpenStandardOutput();
        output.Write(FrameWriter.EnterFullScreen);
        var load = new ScreenLoad(hosts, history: 300);
        var writer = new FrameWriter(synchronizedOutput: true);
        ScreenBuffer? shown = null;
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / ScreenLoad.TicksPerSecond));
        for (ScreenPhase phase = schedule.Now; phase != ScreenPhase.Done && await tick.WaitForNextTickAsync(); phase = schedule.Now)
        {
            ScreenBuffer next = load.Tick(Console.WindowWidth, Console.WindowHeight, withResults: phase != ScreenPhase.Idle);
            ReadOnlyMemory<byte> bytes = writer.Render(shown, next);
            if (bytes.Length > 0)
            {
                output.Write(bytes.Span);
                output.Flush();
                schedule.Drawn();
            }

            shown = next;
        }

        output.Write(FrameWriter.LeaveFullScreen);
    }
}
