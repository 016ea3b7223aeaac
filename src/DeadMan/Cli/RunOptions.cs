using DeadMan.Core.Probing;

namespace DeadMan.Cli;

/// <summary>The command line, once parsed: plain values, no System.CommandLine types beyond this folder.</summary>
/// <param name="Count">Headless: probe this many rounds, report and exit.</param>
internal sealed record RunOptions(string ConfigFile, ProbeTiming Timing, bool Check, int? Count, bool Json);
