using DeadMan.Core.Probing;

namespace DeadMan.Cli;

/// <summary>The command line, once parsed: plain values, no System.CommandLine types beyond this folder.</summary>
/// <param name="Count">Headless: probe this many rounds, report and exit.</param>
/// <param name="ScaleMs">RTT per sparkline step (deadman's -s).</param>
internal sealed record RunOptions(string ConfigFile, ProbeTiming Timing, bool Check, int? Count, bool Json)
{
    public int ScaleMs { get; init; } = 10;

    public bool BlinkArrow { get; init; }

    public bool Bell { get; init; }

    public bool NoColor { get; init; }

    public bool Ascii { get; init; }
}
