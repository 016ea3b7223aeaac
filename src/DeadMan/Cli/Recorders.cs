using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;
using DeadMan.Core.Web;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Cli;

/// <summary>
/// What keeps a record of the run outside the screen, as the command line asks: deadman's per-host logs and the
/// event log (<c>-l DIR</c>), the Prometheus endpoint (<c>--metrics</c>) and the web view's state (<c>--web</c>). They only read the engine's snapshots and listen to its events.
/// </summary>
internal sealed class Recorders : IAsyncDisposable
{
    private readonly LogAppender? _appender;
    private readonly EventLog? _events;
    private readonly MetricsServer? _metrics;
    private readonly WebServer? _web;
    private Action<string> _alert;

    private Recorders(LogAppender? appender, EventLog? events, MetricsServer? metrics, WebServer? web, Action<string> alert)
    {
        _appender = appender;
        _events = events;
        _metrics = metrics;
        _web = web;
        _alert = alert;
    }

    /// <summary>Where a logging problem is told: standard error until the full screen takes over.</summary>
    public Action<string> Alert
    {
        set => _alert = value;
    }

    /// <summary>The web view (--web) of whatever publishes the pictures; null, said on <paramref name="error"/>, when its address cannot be bound.</summary>
    public static async Task<WebServer?> StartWebAsync(System.Net.IPEndPoint endpoint, RunOptions options, Func<Task<Core.Monitoring.MonitorSnapshot>> snapshot, TextWriter error, CancellationToken cancellationToken,
                                                       Core.Monitoring.IMonitorView? monitor = null)
    {
        try
        {
            WebSettings settings = options.Settings.Web;
            var state = new StateFeed(snapshot, TimeProvider.System, new StateView(settings.Public, options.TrafficInterval));
            var signage = new StateFeed(snapshot, TimeProvider.System, new StateView(Public: true, options.TrafficInterval) { Signage = settings });
            return await WebServer.StartAsync(endpoint, state, signage, settings, cancellationToken, monitor).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            error.WriteLine($"deadman: cannot serve the web view on {endpoint}: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
    }

    /// <summary>Starts what was asked for; a metrics or web address that cannot be bound is a usage error (null).</summary>
    public static async Task<Recorders?> StartAsync(RunOptions options, Monitor monitor, Func<long> unmatchedIcmp, int targets, string version, TextWriter error, CancellationToken cancellationToken)
    {
        MetricsServer? metrics = null;
        if (options.Metrics is { } endpoint && (metrics = await StartMetricsAsync(endpoint, options, monitor, unmatchedIcmp, version, error, cancellationToken).ConfigureAwait(false)) is null)
        {
            return null;
        }

        WebServer? web = null;
        if (options.Web is { } webEndpoint)
        {
            web = await StartWebAsync(webEndpoint, options, monitor.FreshSnapshotAsync, error, cancellationToken, monitor).ConfigureAwait(false);
            if (web is null)
            {
                if (metrics is not null)
                {
                    await metrics.DisposeAsync().ConfigureAwait(false);
                }

                return null;
            }
        }

        Recorders? recorders = null;
        LogAppender? appender = options.LogDirectory is { } directory ? new LogAppender(directory, message => recorders?._alert(message)) : null;
        EventLog? events = appender is null ? null : new EventLog(appender, TimeProvider.System, options.Vantage);
        recorders = new Recorders(appender, events, metrics, web, message => error.WriteLine($"deadman: {message}"));
        if (appender is not null)
        {
            var log = new DeadmanLog(appender);
            monitor.ResultRecorded += log.Record;
            monitor.StateChanged += events!.StateChanged;
            monitor.AgentChanged += events.AgentChanged;
            monitor.PathMtuChanged += events.PathMtuChanged;
            monitor.Traced += events.Traced;
            monitor.Acknowledged += events.Acknowledged;
            events.Started(targets, version);
        }

        return recorders;
    }

    private static async Task<MetricsServer?> StartMetricsAsync(IPEndPoint endpoint, RunOptions options, Monitor monitor, Func<long> unmatchedIcmp, string version, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await MetricsServer.StartAsync(endpoint, async () => PrometheusExposition.Format(await monitor.FreshSnapshotAsync().ConfigureAwait(false), version, unmatchedIcmp(), options.Vantage), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            error.WriteLine($"deadman: cannot serve metrics on {endpoint}: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
    }

    /// <summary>A notice for the operator: the status line (or standard error) and the event log.</summary>
    public void Notice(string message)
    {
        _alert(message);
        _events?.Notice(message);
    }

    public void AlertDelivered(Core.Alerts.AlertOutcome outcome) => _events?.Alert(outcome);

    public void Reloaded(ReloadOutcome outcome)
    {
        if (outcome.Failed)
        {
            _events?.ReloadFailed(outcome.Message);
        }
        else
        {
            _events?.Reloaded(outcome.Targets);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events?.Stopped();
        _appender?.Dispose();
        if (_metrics is not null)
        {
            await _metrics.DisposeAsync().ConfigureAwait(false);
        }

        if (_web is not null)
        {
            await _web.DisposeAsync().ConfigureAwait(false);
        }
    }
}
