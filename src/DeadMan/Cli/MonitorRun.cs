using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Text;
using DeadMan.Terminal;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Cli;

/// <summary>Composes transport, probes and monitor, and runs them headless (<c>--count</c>) or live until stopped.</summary>
internal sealed class MonitorRun(RunOptions options, ConfigResult config, TextWriter output, TextWriter error, Stream jsonOutput)
{
    // Beyond the rounds themselves: time for names to resolve and the last replies to come in.
    private static readonly TimeSpan s_headlessGrace = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IcmpTransport transport;
        try
        {
            transport = IcmpTransport.Open(TimeProvider.System, options.Timing);
        }
        catch (IcmpUnavailableException e)
        {
            error.WriteLine($"deadman: {e.Message}");
            return ExitCodes.NoPrivilege;
        }

        using (transport)
        {
            if (transport.Warning is { } warning)
            {
                error.WriteLine($"deadman: {warning}");
            }

            var monitorOptions = new MonitorOptions(options.Timing, Rounds: options.Count);
            using var monitor = new Monitor(config.Entries, new ProbeFactory(transport), monitorOptions, TimeProvider.System);
            if (options.Count is { } count)
            {
                return await RunHeadlessAsync(monitor, count, cancellationToken).ConfigureAwait(false);
            }

            // The full screen needs a terminal on both ends; piped or redirected, the live log serves better.
            return Console.IsOutputRedirected || Console.IsInputRedirected
                ? await RunLiveAsync(monitor, transport, cancellationToken).ConfigureAwait(false)
                : await RunFullScreenAsync(monitor, transport.Warning, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> RunHeadlessAsync(Monitor monitor, int count, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task running = monitor.RunAsync(stop.Token);
        TimeSpan deadline = (options.Timing.Interval * count) + options.Timing.Timeout + s_headlessGrace;
        try
        {
            await monitor.Completion.WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            error.WriteLine("deadman: stopped before every target had all its rounds; reporting what came in");
        }

        MonitorSnapshot snapshot = monitor.Snapshot();
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        if (options.Json)
        {
            RunReport.WriteJson(snapshot, jsonOutput);
        }
        else
        {
            RunReport.WriteText(snapshot, output);
        }

        return snapshot.Targets.Any(t => t.Status == TargetStatus.Down) ? ExitCodes.HostDown : ExitCodes.Ok;
    }

    private async Task<int> RunFullScreenAsync(Monitor monitor, string? warning, CancellationToken cancellationToken)
    {
        var profile = TerminalProfile.Detect(Environment.GetEnvironmentVariable, options.NoColor, options.Ascii);
        string version = typeof(MonitorRun).Assembly.GetName().Version?.ToString(3) ?? "0";
        var settings = new TerminalSettings(profile, options.ScaleMs, options.BlinkArrow, options.Bell, version, TerminalApp.DescribeHost());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var app = new TerminalApp(monitor, settings, jsonOutput);
        if (warning is not null)
        {
            app.ShowMessage(warning, alert: false);
        }

        using var reloader = new ConfigReloader(options.ConfigFile, monitor, (message, failed) =>
            app.ShowMessage(message, failed, failed ? null : TimeSpan.FromSeconds(10)));
        Task running = monitor.RunAsync(stop.Token);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // Not on a terminal: log every up/down change as it happens, then a report when stopped.
    private async Task<int> RunLiveAsync(Monitor monitor, IcmpTransport transport, CancellationToken cancellationToken)
    {
        int targets = config.Targets.Count();
        output.WriteLine($"deadman: watching {targets} targets every {options.Timing.Interval.TotalSeconds:0.###}s " +
                         $"(IPv4 over {transport.Describe(System.Net.Sockets.AddressFamily.InterNetwork)}, " +
                         $"IPv6 over {transport.Describe(System.Net.Sockets.AddressFamily.InterNetworkV6)}); Ctrl-C stops");
        int nameWidth = config.Targets.Max(t => (int?)DisplayWidth.Of(t.Name)) ?? 0;
        int addressWidth = config.Targets.Max(t => (int?)DisplayWidth.Of(t.Address.Text)) ?? 0;
        monitor.StateChanged += change => output.WriteLine(StateLine(change, nameWidth, addressWidth));
        await monitor.RunAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        RunReport.WriteText(monitor.Snapshot(), output);
        return ExitCodes.Ok;
    }

    private static string StateLine(StateChange change, int nameWidth, int addressWidth)
    {
        TargetView t = change.Target;
        string detail = change.To == TargetStatus.Up
            ? $"rtt {t.Rtt.Last.TotalMilliseconds:0.000} ms"
            : t.LastResult?.Detail ?? "no reply";
        return $"{change.At.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {RunReport.StateName(change.To).ToUpperInvariant(),-4}  " +
               $"{DisplayWidth.Fit(t.Spec.Name, nameWidth)}  {DisplayWidth.Fit(t.Spec.Address.Text, addressWidth)}  {detail}";
    }
}
