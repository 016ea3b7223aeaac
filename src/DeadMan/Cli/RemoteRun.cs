using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Remote;
using DeadMan.Core.Web;

namespace DeadMan.Cli;

/// <summary>
/// <c>deadman --from prometheus URL</c>: probes nothing; reads the hosts from the deadman series the server holds.
/// With --count N it reads N times and reports the last read, each host with what every vantage says (the run fails,
/// exit 1, when no read worked or a host is down). Without, it shows them like a deadman that probes: the full screen
/// on a terminal, else a line per change; and the web view with --web. A read that fails keeps the last picture and
/// says why in the status line (or on standard error), until the server answers again.
/// </summary>
internal sealed class RemoteRun(RemoteOptions options, TextWriter output, TextWriter error, Stream jsonOutput)
{
    // A server that takes longer than this is as good as down for a screen that refreshes every second.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Prometheus gzips its answers when asked: on a busy event network a read is several times fewer bytes.
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }) { Timeout = s_timeout };
        http.DefaultRequestHeaders.Authorization = options.Login.Header();
        var reader = new RemoteReader(new PrometheusApi(options.Server, http), options.VantageMatch);
        if (options.Run.Count is { } count)
        {
            return await ReportAsync(reader, count, cancellationToken).ConfigureAwait(false);
        }

        var remote = new RemoteMonitor(reader, options.Run.Timing.Interval, TimeProvider.System);
        WebServer? web = null;
        if (options.Run.Web is { } endpoint && (web = await Recorders.StartWebAsync(endpoint, options.Run, remote.FreshSnapshotAsync, error, cancellationToken).ConfigureAwait(false)) is null)
        {
            return ExitCodes.BadUsage;
        }

        try
        {
            return await new Frontend(options.Run, output, error, jsonOutput).RunAsync(remote, Parts(remote), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (web is not null)
            {
                await web.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<int> ReportAsync(RemoteReader reader, int count, CancellationToken cancellationToken)
    {
        IReadOnlyList<RemoteHost>? hosts = null;
        string? problem = null;
        for (int read = 1; read <= count && !cancellationToken.IsCancellationRequested; read++)
        {
            try
            {
                hosts = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                problem = null;
            }
            catch (RemoteException e)
            {
                problem = e.Message;
                error.WriteLine($"deadman: {Core.Text.SafeText.Line(e.Message)}");
            }

            if (read < count)
            {
                await Task.Delay(options.Run.Timing.Interval, cancellationToken).ConfigureAwait(false);
            }
        }

        if (options.Run.Json)
        {
            RemoteReport.WriteJson(options.Server, hosts ?? [], problem, jsonOutput);
        }
        else if (hosts is not null)
        {
            RemoteReport.WriteText(hosts, output);
        }

        return hosts is null || hosts.Any(h => h.Status == TargetStatus.Down) ? ExitCodes.HostDown : ExitCodes.Ok;
    }

    // The viewer as the frontend shows it: where the hosts are read from, and the server's troubles as long as they last.
    private FrontendParts Parts(RemoteMonitor remote)
    {
        string origin = $"Prometheus at {Core.Text.UrlText.Origin(options.Server)}";
        string from = $"From: {origin}" + (options.VantageMatch is { } match ? $" (vantages ~ {match})" : "");
        string opening = $"deadman: reading the hosts from {origin} every {options.Run.Timing.Interval.TotalSeconds:0.###}s; Ctrl-C stops";
        return new FrontendParts(remote.RunAsync, from, opening, Listen: say =>
        {
            remote.ProblemChanged += problem => say(problem is null ? $"{origin} answers again" : problem + "; showing the last read",
                                                    Alert: problem is not null, problem is null ? TimeSpan.FromSeconds(10) : null);
            return null;
        });
    }
}
