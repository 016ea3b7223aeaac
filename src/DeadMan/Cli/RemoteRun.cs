using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Remote;
using DeadMan.Core.Web;

namespace DeadMan.Cli;

/// <summary>
/// <c>deadman --from prometheus URL</c>: probes nothing; reads the hosts from the deadman series the server holds.
/// With --count N it reads N times and reports the last read, each host with what every vantage says (the run fails,
/// exit 1, when no read worked or a host is down that is not marked expect=down). Without, it shows them like a deadman that probes: the full screen
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
        var remote = new RemoteMonitor(reader, options.Run.Timing.Interval, TimeProvider.System) { Reads = options.Run.Count };
        if (options.Run.Count is not null)
        {
            return await new Frontend(options.Run, output, error, jsonOutput).RunAsync(remote, Counted(remote), cancellationToken).ConfigureAwait(false);
        }

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

    // --count N: N reads, the last that worked reported with what every vantage says; exit 1 when none worked or a
    // host is down. A read that fails is said on standard error.
    private FrontendParts Counted(RemoteMonitor remote)
    {
        return new FrontendParts(remote.RunAsync, From, Opening,
            Listen: say =>
            {
                remote.ProblemChanged += problem =>
                {
                    if (problem is not null)
                    {
                        say(problem, Alert: true, null);
                    }
                };
                return null;
            },
            Counted: new CountedReport(
                remote.Completion.WaitAsync,
                text =>
                {
                    // No read worked: standard error has said why, and there is no table to show.
                    if (remote.LastHosts is { } hosts)
                    {
                        RemoteReport.WriteText(hosts, text);
                    }
                },
                json => RemoteReport.WriteJson(options.Server, remote.LastHosts ?? [], remote.Problem, json),
                () => remote.LastHosts is null || remote.LastHosts.Any(h => StateWords.IsAlarming(h.Status, h.ExpectDown))));
    }

    // The viewer as the frontend shows it: where the hosts are read from, and the server's troubles as long as they last.
    private FrontendParts Parts(RemoteMonitor remote)
    {
        string origin = Origin;
        return new FrontendParts(remote.RunAsync, From, Opening, Listen: say =>
        {
            remote.ProblemChanged += problem => say(problem is null ? $"{origin} answers again" : problem + "; showing the last read",
                                                    Alert: problem is not null, problem is null ? TimeSpan.FromSeconds(10) : null);
            return null;
        });
    }

    private string Origin => $"Prometheus at {Core.Text.UrlText.Origin(options.Server)}";

    // Where the hosts are read from, for the header and the live log's first line.
    private string From() => $"From: {Origin}" + (options.VantageMatch is { } match ? $" (vantages ~ {match})" : "");

    private string Opening => $"deadman: reading the hosts from {Origin} every {options.Run.Timing.Interval.TotalSeconds:0.###}s; Ctrl-C stops";
}
