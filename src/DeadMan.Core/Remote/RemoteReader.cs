using System.Text.RegularExpressions;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Text;

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
        return Hosts(await known.ConfigureAwait(false), await now.ConfigureAwait(false));
    }

    /// <summary>The hosts from the two answers: which host and vantage pairs are known, and what they say now.</summary>
    internal IReadOnlyList<RemoteHost> Hosts(IEnumerable<Sample> known, IEnumerable<Sample> now)
    {
        var current = now.Where(s => Wanted(s.Labels)).ToLookup(s => (Host(s.Labels), Vantage(s.Labels)));
        return [.. known.Where(s => Wanted(s.Labels))
            .GroupBy(s => Host(s.Labels))
            .Select(host => new RemoteHost(host.Key.Name, host.Key.Address, host.Key.Group, host.Key.Kind,
                [.. host.Select(s => Reading(Vantage(s.Labels), current[(host.Key, Vantage(s.Labels))]) with { Named = s.Labels["vantage"] is not null })
                    .DistinctBy(v => v.Vantage).OrderBy(v => v.Vantage, StringComparer.Ordinal)])
            {
                ExpectDown = ExpectedDown([.. host.Select(s => Vantage(s.Labels)).Distinct().SelectMany(v => current[(host.Key, v)])]),
            })
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
            .SelectMany(s => s.Values.Where(v => v.Value is >= 0 and <= 86_400).Select(v => (Key: (Host(s.Labels), Step(v.At)), v.Value)))
            .GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Max(v => v.Value));
        return (await states.ConfigureAwait(false)).Where(s => Wanted(s.Labels))
            .SelectMany(s => s.Values.Select(v => (Host: Host(s.Labels), Step: Step(v.At), State: State(v.Value))).Where(v => v.Step >= 0 && v.Step < rounds))
            .GroupBy(v => v.Host)
            .ToDictionary(host => host.Key, host => (IReadOnlyList<(long, ProbeResult)>)[.. host.GroupBy(v => v.Step).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Max(v => v.State)))
                .Where(r => r.Item2 != TargetStatus.Unknown)
                .Select(r => (r.Key, r.Item2 == TargetStatus.Down || !slowest.TryGetValue((host.Key, r.Key), out double rtt)
                    ? ProbeResult.Timeout()
                    : ProbeResult.Reply(TimeSpan.FromSeconds(rtt), null)))]);
    }

    // Every live vantage's state series of the host says expect="down"; where they disagree, the host counts.
    private static bool ExpectedDown(List<Sample> now)
    {
        var states = now.Where(s => s.Label("__name__") == "deadman_state").ToList();
        return states.Count > 0 && states.All(s => s.Labels["expect"] == "down");
    }

    private bool Wanted(SeriesLabels labels) => vantageMatch?.IsMatch(Vantage(labels)) ?? true;

    // Labels are anyone's text: made safe here, they are safe on every screen, page, report and log line after.
    private static (string Name, string Address, string? Group, string Kind) Host(SeriesLabels labels) =>
        (SafeText.Line(labels.Label("name")), SafeText.Line(labels.Label("address")),
         labels.Label("group") is { Length: > 0 } group ? SafeText.Line(group) : null, SafeText.Line(labels.Label("kind")));

    private static string Vantage(SeriesLabels labels) => SafeText.Line(labels["vantage"] ?? labels.Label("instance"));

    // deadman_state as exported (0 unknown, 1 up, 2 degraded, 3 down); anything else, as from a foreign series of the
    // same name, is unknown.
    private static TargetStatus State(double value) =>
        value is >= 0 and <= (int)TargetStatus.Down && value == Math.Floor(value) ? (TargetStatus)(int)value : TargetStatus.Unknown;

    private static VantageReading Reading(string vantage, IEnumerable<Sample> now)
    {
        // The same agent scraped twice (two jobs, or two Prometheus replicas behind Thanos) gives each series twice:
        // the last one says it.
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Sample sample in now)
        {
            values[sample.Label("__name__")] = sample.Value;
        }

        if (!values.TryGetValue("deadman_state", out double state))
        {
            return new VantageReading(vantage, TargetStatus.Unknown, Stale: true, null, null, null);
        }

        // What deadman exports is never negative nor NaN; a value that is would be someone else's series: no figure.
        double? Figure(string name, double scale, double most = double.MaxValue) =>
            values.TryGetValue(name, out double value) && value >= 0 && value <= most ? value * scale : null;
        return new VantageReading(vantage, State(state), Stale: false,
            Figure("deadman_rtt_seconds", 1000, most: 86_400), Figure("deadman_rtt_average_seconds", 1000, most: 86_400), Figure("deadman_loss_ratio", 100, most: 1))
        {
            Sent = (long)(Figure("deadman_probes_sent_total", 1, most: long.MaxValue / 2) ?? 0),
            Received = (long)(Figure("deadman_probes_received_total", 1, most: long.MaxValue / 2) ?? 0),
        };
    }
}
