using System.Text.RegularExpressions;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Remote;

/// <summary>
/// Builds the hosts from the deadman series a Prometheus-compatible server holds: two queries per read, whatever the
/// number of hosts. One asks which host and vantage pairs reported in the last five minutes, the other what they say
/// now; a pair in the first but not the second is stale (Prometheus marks an unscrapable agent's series stale at once).
/// A series without a vantage label (an agent run without --vantage) is named after its scrape target.
/// </summary>
public sealed class RemoteReader(PrometheusApi api, Regex? vantageMatch = null)
{
    private static readonly TimeSpan s_remembered = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<RemoteHost>> ReadAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<Sample>> known = api.QueryAsync($"last_over_time(deadman_state[{(int)s_remembered.TotalMinutes}m])", cancellationToken);
        Task<IReadOnlyList<Sample>> now = api.QueryAsync("{__name__=~\"deadman_(state|rtt_seconds|rtt_average_seconds|loss_ratio)\"}", cancellationToken);
        await Task.WhenAll(known, now).ConfigureAwait(false);
        var current = (await now.ConfigureAwait(false)).Where(Wanted).ToLookup(s => (Host(s), Vantage(s)));
        return [.. (await known.ConfigureAwait(false)).Where(Wanted)
            .GroupBy(Host)
            .Select(host => new RemoteHost(host.Key.Name, host.Key.Address, host.Key.Group, host.Key.Kind,
                [.. host.Select(s => Reading(Vantage(s), current[(host.Key, Vantage(s))])).DistinctBy(v => v.Vantage).OrderBy(v => v.Vantage, StringComparer.Ordinal)]))
            .OrderBy(h => h.Group ?? "", StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal)];
    }

    private bool Wanted(Sample sample) => vantageMatch?.IsMatch(Vantage(sample)) ?? true;

    private static (string Name, string Address, string? Group, string Kind) Host(Sample s) =>
        (s.Label("name"), s.Label("address"), s.Label("group") is { Length: > 0 } group ? group : null, s.Label("kind"));

    private static string Vantage(Sample s) => s.Labels.GetValueOrDefault("vantage") ?? s.Label("instance");

    private static VantageReading Reading(string vantage, IEnumerable<Sample> now)
    {
        var values = now.ToDictionary(s => s.Label("__name__"), s => s.Value, StringComparer.Ordinal);
        if (!values.TryGetValue("deadman_state", out double state))
        {
            return new VantageReading(vantage, TargetStatus.Unknown, Stale: true, null, null, null);
        }

        return new VantageReading(vantage, (TargetStatus)(int)state, Stale: false,
            values.TryGetValue("deadman_rtt_seconds", out double rtt) ? rtt * 1000 : null,
            values.TryGetValue("deadman_rtt_average_seconds", out double average) ? average * 1000 : null,
            values.TryGetValue("deadman_loss_ratio", out double loss) ? loss * 100 : null);
    }
}
