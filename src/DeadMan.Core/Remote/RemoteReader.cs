using System.Text.RegularExpressions;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

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
        Task<List<Sample>> known = api.QueryAsync($"last_over_time(deadman_state[{(int)s_remembered.TotalMinutes}m])", cancellationToken);
        Task<List<Sample>> now = api.QueryAsync("{__name__=~\"deadman_(state|rtt_seconds|rtt_average_seconds|loss_ratio|probes_sent_total|probes_received_total)\"}", cancellationToken);
        await Task.WhenAll(known, now).ConfigureAwait(false);
        var current = (await now.ConfigureAwait(false)).Where(s => Wanted(s.Labels)).ToLookup(s => (Host(s.Labels), Vantage(s.Labels)));
        return [.. (await known.ConfigureAwait(false)).Where(s => Wanted(s.Labels))
            .GroupBy(s => Host(s.Labels))
            .Select(host => new RemoteHost(host.Key.Name, host.Key.Address, host.Key.Group, host.Key.Kind,
                [.. host.Select(s => Reading(Vantage(s.Labels), current[(host.Key, Vantage(s.Labels))])).DistinctBy(v => v.Vantage).OrderBy(v => v.Vantage, StringComparer.Ordinal)]))
            .OrderBy(h => h.Group ?? "", StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Each host's rounds over the last <paramref name="rounds"/> steps, as the worst vantage saw each (two range
    /// queries for every host together): a step where a vantage saw it down is a lost round; else the slowest RTT.
    /// Without --vantage-match the server takes the worst over the vantages itself, so the answer does not grow with
    /// their number.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Name, string Address, string? Group, string Kind), IReadOnlyList<(long Step, ProbeResult Result)>>> HistoryAsync(
        DateTimeOffset end, TimeSpan step, int rounds, CancellationToken cancellationToken)
    {
        DateTimeOffset start = end - (step * (rounds - 1));
        string Worst(string metric) => vantageMatch is null ? $"max by (name, address, group, kind) ({metric})" : metric;
        Task<List<RangeSeries>> states = api.QueryRangeAsync(Worst("deadman_state"), start, end, step, cancellationToken);
        Task<List<RangeSeries>> rtts = api.QueryRangeAsync(Worst("deadman_rtt_seconds"), start, end, step, cancellationToken);
        await Task.WhenAll(states, rtts).ConfigureAwait(false);
        long Step(DateTimeOffset at) => (long)Math.Round((at - start) / step);
        var slowest = (await rtts.ConfigureAwait(false)).Where(s => Wanted(s.Labels))
            .SelectMany(s => s.Values.Select(v => (Key: (Host(s.Labels), Step(v.At)), v.Value)))
            .GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Max(v => v.Value));
        return (await states.ConfigureAwait(false)).Where(s => Wanted(s.Labels))
            .SelectMany(s => s.Values.Select(v => (Host: Host(s.Labels), Step: Step(v.At), State: (TargetStatus)(int)v.Value)))
            .GroupBy(v => v.Host)
            .ToDictionary(host => host.Key, host => (IReadOnlyList<(long, ProbeResult)>)[.. host.GroupBy(v => v.Step).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Max(v => v.State)))
                .Where(r => r.Item2 != TargetStatus.Unknown)
                .Select(r => (r.Key, r.Item2 == TargetStatus.Down || !slowest.TryGetValue((host.Key, r.Key), out double rtt)
                    ? ProbeResult.Timeout()
                    : ProbeResult.Reply(TimeSpan.FromSeconds(rtt), null)))]);
    }

    private bool Wanted(SeriesLabels labels) => vantageMatch?.IsMatch(Vantage(labels)) ?? true;

    private static (string Name, string Address, string? Group, string Kind) Host(SeriesLabels labels) =>
        (labels.Label("name"), labels.Label("address"), labels.Label("group") is { Length: > 0 } group ? group : null, labels.Label("kind"));

    private static string Vantage(SeriesLabels labels) => labels["vantage"] ?? labels.Label("instance");

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
            values.TryGetValue("deadman_loss_ratio", out double loss) ? loss * 100 : null)
        {
            Sent = (long)values.GetValueOrDefault("deadman_probes_sent_total"),
            Received = (long)values.GetValueOrDefault("deadman_probes_received_total"),
        };
    }
}
