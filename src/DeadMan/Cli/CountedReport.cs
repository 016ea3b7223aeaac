namespace DeadMan.Cli;

/// <summary>What an engine brings to a <c>--count</c> run of the <see cref="Frontend"/>.</summary>
/// <param name="Finished">Done when the engine has made its rounds (or reads); a timeout or a cancellation ends the run early, with what came in.</param>
/// <param name="WriteText">The report, as text.</param>
/// <param name="WriteJson">The report, as JSON (--json).</param>
/// <param name="Failed">True when the run is to exit 1: a host down (or degraded, with --fail-on degraded).</param>
internal sealed record CountedReport(Func<CancellationToken, Task> Finished, Action<TextWriter> WriteText, Action<Stream> WriteJson, Func<bool> Failed);
