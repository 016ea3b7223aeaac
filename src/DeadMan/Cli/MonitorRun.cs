using DeadMan.Core.Alerts;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Settings;
using DeadMan.Core.State;
using DeadMan.Terminal;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Cli;

/// <summary>Composes transport, probes and monitor, and runs them headless (<c>--count</c>) or live until stopped.</summary>
internal sealed class MonitorRun(RunOptions options, ConfigResult config, TextWriter output, TextWriter error, Stream jsonOutput)
{
    // The SNMP credentials agents are asked with; a reload of deadman.toml replaces them.
    private readonly Core.Settings.SnmpAgentBook _snmp = new(options.Settings);

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

            foreach (string weak in options.Settings.Warnings)
            {
                error.WriteLine($"deadman: {weak}");
            }

            return await RunAsync(transport, cancellationToken).ConfigureAwait(false);
        }
    }

    // The engine on this transport, what records it, and the frontend; alerts unless counting.
    private async Task<int> RunAsync(IcmpTransport transport, CancellationToken cancellationToken)
    {
        var monitorOptions = new MonitorOptions(options.Timing, Rounds: options.Count) { TrafficInterval = options.TrafficInterval, Health = options.Settings.Health, Snmp = _snmp, TraceOnFailure = !options.NoTrace };
        using var probes = new ProbeFactory(transport, TimeProvider.System, options.Timing, options.SshConfig, _snmp, nameHops: !options.NoHopNames);
        using var monitor = new Monitor(config.Entries, probes, monitorOptions, TimeProvider.System);
        string acknowledgements = Path.Combine(options.StateDirectory, AcknowledgementFile.Name);
        string? refused = Restore(monitor, acknowledgements);
        Recorders? recorders = await Recorders.StartAsync(options, monitor, () => transport.DroppedPackets, config.Targets.Count(), Version, error, cancellationToken).ConfigureAwait(false);
        if (recorders is null)
        {
            return ExitCodes.BadUsage;
        }

        await using (recorders.ConfigureAwait(false))
        {
            var frontend = new Frontend(options, output, error, jsonOutput);
            if (options.Count is { } count)
            {
                return await frontend.RunAsync(monitor, Counted(monitor, transport, count), cancellationToken).ConfigureAwait(false);
            }

            using var http = new HttpClient { Timeout = s_alertTimeout };
            await using AlertDispatcher alerts = Alerts(options.Settings.Alert, monitor, recorders, http, options.Vantage);
            monitor.StateChanged += alerts.Post;
            monitor.Traced += alerts.Traced;
            monitor.Acknowledged += alerts.Acknowledged;
            await using var keeper = new AcknowledgementKeeper(acknowledgements, refused: refused is not null, problem => error.WriteLine($"deadman: {problem}"));
            monitor.Acknowledged += keeper.Changed;
            FrontendParts parts = Parts(monitor, transport, recorders, alerts, http);
            return await frontend.RunAsync(monitor, refused is null ? parts : parts with { Notice = Joined(parts.Notice, refused) }, cancellationToken).ConfigureAwait(false);
        }
    }

    // --count N: N rounds, a report, and exit 1 when a host is down (degraded too, with --fail-on degraded); no alert
    // is sent and the files are not watched for changes.
    private FrontendParts Counted(Monitor monitor, IcmpTransport transport, int count)
    {
        TimeSpan deadline = (options.Timing.Interval * count) + options.Timing.Timeout + s_headlessGrace;
        return new FrontendParts(monitor.RunAsync, From, Opening(transport), Counted: new CountedReport(
            cancellationToken => monitor.Completion.WaitAsync(deadline, cancellationToken),
            text => RunReport.WriteText(monitor.Snapshot(), text),
            json => RunReport.WriteJson(monitor.Snapshot(), json),
            () => monitor.Snapshot().Targets.Any(t => t.Alarming || (options.FailOnDegraded && t.Status == TargetStatus.Degraded && !t.Spec.ExpectDown))));
    }

    private static readonly TimeSpan s_alertTimeout = TimeSpan.FromSeconds(10);

    // The acknowledgements an earlier run kept come back; a file that cannot be read is refused, said, and kept
    // aside at the first new acknowledgement, and the monitor runs on without them.
    private string? Restore(Monitor monitor, string path)
    {
        if (AcknowledgementFile.Read(path, out string? problem) is not { } saved)
        {
            string refused = $"{problem}; acknowledgements not restored";
            error.WriteLine($"deadman: {refused}");
            return refused;
        }

        if (saved.Count > 0)
        {
            _ = monitor.Restore(saved);
        }

        return null;
    }

    private static string Joined(string? first, string second) => first is null ? second : $"{first}; {second}";

    // Notifications go where deadman.toml's [alert] says; without routes they are still gathered, for "is it us?".
    private static AlertDispatcher Alerts(AlertSettings alert, Monitor monitor, Recorders recorders, HttpClient http, string? vantage) =>
        new(alert, Routes(alert, http), () => monitor.Snapshot().Targets.Count(t => !t.Spec.ExpectDown),
            () => TerminalApp.DescribeHost().Replace("From: ", "", StringComparison.Ordinal),
            TimeProvider.System, recorders.Notice, recorders.AlertDelivered)
        { Vantage = vantage };

    // The routes [alert] names; the dispatcher keeps those it already runs (same identity), with what they know.
    private static List<IAlertRoute> Routes(AlertSettings alert, HttpClient http)
    {
        var routes = new List<IAlertRoute>();
        if (alert.Alertmanager is { } url)
        {
            routes.Add(new AlertmanagerSender(url, http, TimeProvider.System));
        }

        routes.AddRange(alert.Webhooks.Select(w => new WebhookRouteSender(w, http)));
        routes.AddRange(alert.Commands.Select(c => new ExecRouteSender(c)));
        return routes;
    }

    // A reload that read deadman.toml again brings its alert routes along.
    private static void Reroute(AlertDispatcher alerts, ReloadOutcome outcome, HttpClient http)
    {
        if (outcome.Settings is { } settings)
        {
            alerts.Update(settings.Alert, Routes(settings.Alert, http));
        }
    }

    internal static string Version => typeof(MonitorRun).Assembly.GetName().Version?.ToString(3) ?? "0";

    // This machine's engine as the frontend shows it: reloads and logging problems are told as they happen; the live
    // log ends with the report.
    private FrontendParts Parts(Monitor monitor, IcmpTransport transport, Recorders recorders, AlertDispatcher alerts, HttpClient http)
    {
        return new FrontendParts(monitor.RunAsync, From, Opening(transport), transport.Warning,
            Listen: say =>
            {
                recorders.Alert = message => say(message, Alert: true);
                return new ConfigReloader(options.ConfigFile, options.Settings, monitor, _snmp, outcome =>
                {
                    recorders.Reloaded(outcome);
                    Reroute(alerts, outcome, http);
                    say(outcome.Message, outcome.Failed, outcome.Failed ? null : TimeSpan.FromSeconds(10));
                });
            },
            Closing: report => RunReport.WriteText(monitor.Snapshot(), report));
    }

    // Where the picture comes from: the header says which deadman it is when several share a Prometheus.
    private string From() =>
        options.Vantage is { } vantage ? TerminalApp.DescribeHost().Replace("From: ", $"From: {vantage} · ", StringComparison.Ordinal) : TerminalApp.DescribeHost();

    // What the live log says first.
    private string Opening(IcmpTransport transport) =>
        $"deadman: watching {config.Targets.Count()} targets every {options.Timing.Interval.TotalSeconds:0.###}s " +
        $"(IPv4 over {transport.Describe(System.Net.Sockets.AddressFamily.InterNetwork)}, " +
        $"IPv6 over {transport.Describe(System.Net.Sockets.AddressFamily.InterNetworkV6)}); Ctrl-C stops";
}
