using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Terminal;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Benchmarks.Screens;

/// <summary>
/// The screen load every renderer here is measured with: hosts with RTTs between 0 and 75 ms, one result per host
/// per second spread over ten ticks (sends are spread over the interval), composed by deadman's own composer, so
/// two output paths differ only in how they bring the same cells to the terminal.
/// </summary>
internal sealed class ScreenLoad
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Theme s_theme = Theme.For(new TerminalProfile(Color: true, Unicode: true, SynchronizedOutput: true));

    private readonly List<TargetState> _states;
    private readonly Random _random = new(42);
    private long _tick;

    /// <param name="history">Seconds of results given at once before the first tick, so the RESULT column is full from the start: steady state.</param>
    public ScreenLoad(int hosts, int history = 0)
    {
        _states = Hosts(hosts);
        for (int tick = 0; tick < history * TicksPerSecond; tick++)
        {
            Apply();
        }
    }

    /// <summary>Ticks per second of the load; each brings a tenth of the hosts' results.</summary>
    public const int TicksPerSecond = 10;

    public IReadOnlyList<TargetState> States => _states;

    /// <summary>One tenth of a second: results for a tenth of the hosts (none when idle), then the screen at that moment.</summary>
    public ScreenBuffer Tick(int width, int height, bool withResults)
    {
        long round = _tick / TicksPerSecond;
        DateTimeOffset now = Start.AddMilliseconds(_tick * 1000 / TicksPerSecond);
        if (withResults)
        {
            Apply();
        }
        else
        {
            _tick++;
        }

        return Draw(_states, width, height, now, (int)round, round);
    }

    private void Apply()
    {
        long round = _tick / TicksPerSecond;
        for (int i = (int)(_tick % TicksPerSecond); i < _states.Count; i += TicksPerSecond)
        {
            _states[i].Apply(round, ProbeResult.Reply(TimeSpan.FromMilliseconds(_random.NextDouble() * 75), 64), Start);
        }

        _tick++;
    }

    public static List<TargetState> Hosts(int count)
    {
        string config = string.Join('\n', Enumerable.Range(0, count).Select(i => $"host-{i:00000} 192.0.{i / 250 % 256}.{(i % 250) + 1}"));
        return ConfigParser.Parse(config, "bench.conf").Targets.Select((spec, id) => new TargetState(id, spec, 512, null, Start)).ToList();
    }

    public static ScreenBuffer Draw(IReadOnlyList<TargetState> states, int width, int height, DateTimeOffset now, int second, long version)
    {
        var rows = states.Select(s => new MonitorRow(s.View, null)).ToList();
        var snapshot = new MonitorSnapshot(version, now, rows);
        var model = new DisplayModel(snapshot, new ViewState(), "From: bench (192.0.2.7)", "0.1.0", now, second, null, false);
        var screen = new ScreenBuffer(width, height);
        ScreenComposer.Compose(screen, model, s_theme);
        return screen;
    }
}
