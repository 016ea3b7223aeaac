using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks.Screens;

internal enum ScreenPhase
{
    WarmUp,
    Busy,
    Idle,
    Done,
}

/// <summary>
/// The timeline a renderer under test follows and the harness samples along: results arrive during warm-up and the
/// busy window, none during the idle window. Both sides keep time from their own start; the few milliseconds between
/// them are noise against windows of seconds.
/// </summary>
internal sealed class ScreenSchedule(TimeSpan warmUp, TimeSpan busy, TimeSpan idle)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int[] _frames = new int[3];

    public TimeSpan WarmUp { get; } = warmUp;

    public TimeSpan Busy { get; } = busy;

    public TimeSpan Idle { get; } = idle;

    public ScreenPhase Now
    {
        get
        {
            TimeSpan elapsed = _clock.Elapsed;
            return elapsed < WarmUp ? ScreenPhase.WarmUp
                : elapsed < WarmUp + Busy ? ScreenPhase.Busy
                : elapsed < WarmUp + Busy + Idle ? ScreenPhase.Idle
                : ScreenPhase.Done;
        }
    }

    /// <summary>A frame reached the terminal (a draw that sent something).</summary>
    public void Drawn()
    {
        ScreenPhase phase = Now;
        if (phase != ScreenPhase.Done)
        {
            _frames[(int)phase]++;
        }
    }

    public int BusyFrames => _frames[(int)ScreenPhase.Busy];

    public int IdleFrames => _frames[(int)ScreenPhase.Idle];

    public string[] ToArguments() => [Seconds(WarmUp), Seconds(Busy), Seconds(Idle)];

    public static ScreenSchedule FromArguments(ReadOnlySpan<string> args) =>
        new(TimeSpan.FromSeconds(double.Parse(args[0], CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture)));

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
