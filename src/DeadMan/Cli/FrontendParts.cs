namespace DeadMan.Cli;

/// <summary>What an engine brings to the <see cref="Frontend"/>.</summary>
/// <param name="Run">The engine's loop, until the token is cancelled.</param>
/// <param name="From">
/// The full screen's header: where the picture comes from. Asked for only by the full screen: finding this machine's
/// address reads its routes and interfaces, which cost a counted run 1 MiB of peak memory for nothing.
/// </param>
/// <param name="Opening">The live log's first line: what is watched, and how often.</param>
/// <param name="Notice">Said on the status line at the start (the live log has said it on standard error already).</param>
/// <param name="Listen">Connects what the engine's surroundings have to say (reloads, a lost server) while it runs.</param>
/// <param name="Closing">The live log's report when stopped.</param>
/// <param name="Counted">What a --count run reports; the frontend shows nothing else, and nothing until the end.</param>
internal sealed record FrontendParts(
    Func<CancellationToken, Task> Run,
    Func<string> From,
    string Opening,
    string? Notice = null,
    Func<Say, IDisposable?>? Listen = null,
    Action<TextWriter>? Closing = null,
    CountedReport? Counted = null);
