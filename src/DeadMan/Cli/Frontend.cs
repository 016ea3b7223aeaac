using DeadMan.Core.Monitoring;
using DeadMan.Core.Text;
using DeadMan.Terminal;
using DeadMan.Terminal.Model;

namespace DeadMan.Cli;

/// <summary>
/// How an engine is shown, chosen here once for this machine's engine and the viewer of other deadmans alike: the
/// full screen when both ends are a terminal, else the live log, a line per change of state (piped, redirected, in a
/// service); or, with <c>--count</c>, nothing until the engine has made its rounds, then its report. The two engines
/// differ only in the <see cref="FrontendParts"/> they bring.
/// </summary>
internal sealed class Frontend(RunOptions options, TextWriter output, TextWriter error, Stream jsonOutput)
{
    /// <summary>The full screen needs a terminal on both ends; piped or redirected, the live log serves better.</summary>
    public static bool FullScreen => !(Console.IsOutputRedirected || Console.IsInputRedirected);

    /// <summary>Runs the engine and shows it until cancelled (Ctrl-C, or q on the full screen), or until counted.</summary>
    public Task<int> RunAsync(IMonitorView engine, FrontendParts parts, CancellationToken cancellationToken) =>
        parts.Counted is { } counted ? RunCountedAsync(parts, counted, cancellationToken)
        : FullScreen ? RunFullScreenAsync(engine, parts, cancellationToken)
        : RunLiveAsync(engine, parts, cancellationToken);

    /// <summary>The full screen as the options ask for it; <paramref name="hostInfo"/> is the header's "From: …".</summary>
    internal static TerminalSettings Screen(RunOptions options, string hostInfo) =>
        new(TerminalProfile.Detect(Environment.GetEnvironmentVariable, options.NoColor, options.Ascii), options.ScaleMs, options.BlinkArrow, options.Bell, MonitorRun.Version, hostInfo)
        {
            Title = !options.NoTitle,
            Mouse = !options.NoMouse,
            Stage = options.Stage,
            BellDegraded = options.Settings.Alert.BellDegraded,
        };

    private async Task<int> RunFullScreenAsync(IMonitorView engine, FrontendParts parts, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var app = new TerminalApp(engine, Screen(options, parts.From()), jsonOutput);
        if (parts.Notice is { } notice)
        {
            app.ShowMessage(notice, alert: false);
        }

        using IDisposable? listening = parts.Listen?.Invoke(app.ShowMessage);
        Task running = parts.Run(stop.Token);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // The engine's rounds, then the report; what the engine has to say while it runs goes to standard error.
    private async Task<int> RunCountedAsync(FrontendParts parts, CountedReport counted, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using IDisposable? listening = parts.Listen?.Invoke((message, _, _) => error.WriteLine($"deadman: {SafeText.Line(message ?? "")}"));
        Task running = parts.Run(stop.Token);
        try
        {
            await counted.Finished(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            error.WriteLine("deadman: stopped before every target had all its rounds; reporting what came in");
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        if (options.Json)
        {
            counted.WriteJson(jsonOutput);
        }
        else
        {
            counted.WriteText(output);
        }

        return counted.Failed() ? ExitCodes.HostDown : ExitCodes.Ok;
    }

    // A line per change, on standard output; what the engine has to say on standard error when it is trouble.
    private async Task<int> RunLiveAsync(IMonitorView engine, FrontendParts parts, CancellationToken cancellationToken)
    {
        // Listening first: the opening line says the files are watched, and a change saved after it is seen.
        using IDisposable? listening = parts.Listen?.Invoke((message, alert, _) => (alert ? error : output).WriteLine($"deadman: {SafeText.Line(message ?? "")}"));
        output.WriteLine(parts.Opening);
        engine.StateChanged += change => output.WriteLine(StateLine.Of(change, engine.Snapshot()));
        engine.PathMtuChanged += change => output.WriteLine(StateLine.Of(change, engine.Snapshot()));
        engine.Traced += traced =>
        {
            if (StateLine.Of(traced, engine.Snapshot()) is { } line)
            {
                output.WriteLine(line);
            }
        };
        await parts.Run(cancellationToken).ConfigureAwait(false);
        if (parts.Closing is { } closing)
        {
            output.WriteLine();
            closing(output);
        }

        return ExitCodes.Ok;
    }
}
