using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Remote;

namespace DeadMan.Cli;

/// <summary>
/// <c>deadman --from prometheus URL --count N</c>: probes nothing; reads the hosts from the deadman series the server
/// holds N times and reports the last read, each host with what every vantage says. A read that fails is said on
/// standard error and the next one tried; the run fails (exit 1) when no read worked or a host is down.
/// </summary>
internal sealed class RemoteRun(RemoteOptions options, TextWriter output, TextWriter error, Stream jsonOutput)
{
    // A server that takes longer than this is as good as down for a screen that refreshes every second.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = s_timeout };
        http.DefaultRequestHeaders.Authorization = options.Login.Header();
        var reader = new RemoteReader(new PrometheusApi(options.Server, http), options.VantageMatch);
        IReadOnlyList<RemoteHost>? hosts = null;
        string? problem = null;
        for (int read = 1; read <= options.Count && !cancellationToken.IsCancellationRequested; read++)
        {
            try
            {
                hosts = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                problem = null;
            }
            catch (RemoteException e)
            {
                problem = e.Message;
                error.WriteLine($"deadman: {e.Message}");
            }

            if (read < options.Count)
            {
                await Task.Delay(options.Interval, cancellationToken).ConfigureAwait(false);
            }
        }

        if (options.Json)
        {
            RemoteReport.WriteJson(options.Server, hosts ?? [], problem, jsonOutput);
        }
        else if (hosts is not null)
        {
            RemoteReport.WriteText(hosts, output);
        }

        return hosts is null || hosts.Any(h => h.Status == TargetStatus.Down) ? ExitCodes.HostDown : ExitCodes.Ok;
    }
}
