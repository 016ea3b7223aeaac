using System.Globalization;
using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Terminal.Tests;

/// <summary>
/// Builds a monitor snapshot by hand for frame tests: a config text gives the rows, and each target gets results
/// written as <c>"5 7 X U 12"</c> (milliseconds, or X timeout, U unreachable, N unresolved, R3 refused after 3 ms, W a
/// DNS server's NXDOMAIN, M too big for the path), oldest first.
/// </summary>
public sealed class SnapshotBuilder
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private readonly List<ConfigEntry> _entries;
    private readonly Dictionary<string, string> _results = [];
    private readonly Dictionary<string, string> _notes = [];
    private readonly Dictionary<string, string> _degraded = [];
    private readonly Dictionary<string, VantageReading[]> _vantages = [];
    private readonly Dictionary<string, PathMtu> _pathMtus = [];
    private readonly Dictionary<string, Core.Probing.Trace.PathTrace> _traces = [];
    private readonly Dictionary<string, Acknowledgement> _acknowledged = [];
    private readonly Dictionary<string, MaintenanceWindow> _maintenance = [];

    public SnapshotBuilder(string config) => _entries = [.. ConfigParser.Parse(config, "frame.conf").Entries];

    public SnapshotBuilder Results(string name, string results)
    {
        _results[name] = results;
        return this;
    }

    /// <summary>The host answers but is degraded, for this reason.</summary>
    public SnapshotBuilder Degraded(string name, string reason)
    {
        _degraded[name] = reason;
        return this;
    }

    /// <summary>The host as other deadmans see it (--from prometheus): its state is the worst a live vantage sees.</summary>
    public SnapshotBuilder Vantages(string name, params VantageReading[] vantages)
    {
        _vantages[name] = vantages;
        return this;
    }

    /// <summary>What the host's path MTU search found (pmtu=on), at the snapshot's time.</summary>
    public SnapshotBuilder PathMtu(string name, int? bytes, string? unknownBecause = null)
    {
        _pathMtus[name] = new PathMtu(bytes, unknownBecause, s_time);
        return this;
    }

    /// <summary>
    /// The host's latest trace, its hops written as <c>"192.0.2.1=core-sw 198.51.100.1 *"</c> (an address, with a row's
    /// name after =, or * for a silent hop), each answered every time in 0.5 ms times its distance; the last hop that
    /// answered said <paramref name="note"/>, if given; <paramref name="reached"/>: the last hop is the host.
    /// </summary>
    public SnapshotBuilder Trace(string name, string hops, string? note = null, bool reached = false, bool live = false)
    {
        string[] each = hops.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var list = each.Select((h, i) =>
        {
            TimeSpan rtt = TimeSpan.FromMilliseconds(0.5 * (i + 1));
            if (h == "*")
            {
                return new Core.Probing.Trace.TraceHop(i + 1, null, 3, 0, null, null, null, null);
            }

            string[] parts = h.Split('=');
            return new Core.Probing.Trace.TraceHop(i + 1, IPAddress.Parse(parts[0]), 3, 3, rtt, rtt, rtt * 1.5, rtt)
            {
                Name = parts.Length > 1 ? parts[1] : null,
                IsDestination = reached && i == each.Length - 1,
            };
        }).ToList();
        int last = list.FindLastIndex(h => h.Address is not null);
        if (note is not null && last >= 0)
        {
            list[last] = list[last] with { Note = note };
        }

        _traces[name] = new Core.Probing.Trace.PathTrace(IPAddress.Parse("192.0.2.99"), s_time.AddSeconds(-3), list, reached, 3) { Final = !live, Live = live };
        return this;
    }

    /// <summary>The live trace given to <see cref="Trace"/>, for a detail to carry.</summary>
    public Core.Probing.Trace.PathTrace? LiveTrace(string name) => _traces.GetValueOrDefault(name) is { Live: true } live ? live : null;

    /// <summary>An operator acknowledged the host's problem (noc@laptop, a minute before the snapshot, until it is up).</summary>
    public SnapshotBuilder Acknowledged(string name, string? note, TargetStatus state = TargetStatus.Down)
    {
        _acknowledged[name] = new Acknowledgement("noc@laptop", s_time.AddMinutes(-1), state, null, note);
        return this;
    }

    /// <summary>A [[maintenance]] window is open for the host (an hour from a minute before the snapshot).</summary>
    public SnapshotBuilder InMaintenance(string name, string? note)
    {
        _maintenance[name] = new MaintenanceWindow(new HealthMatch(null, name, HealthRules.None), s_time.AddMinutes(-1), s_time.AddMinutes(59), null, null, note);
        return this;
    }

    public SnapshotBuilder Note(string name, string note)
    {
        _notes[name] = note;
        return this;
    }

    public MonitorSnapshot Build(bool paused = false)
    {
        int id = 0;
        var rows = new List<MonitorRow>();
        foreach (ConfigEntry entry in _entries)
        {
            rows.Add(entry is TargetSpec spec ? new MonitorRow(View(id++, spec), null) : new MonitorRow(null, (SeparatorSpec)entry));
        }

        return new MonitorSnapshot(1, s_time, rows) { Paused = paused };
    }

    private TargetView View(int id, TargetSpec spec)
    {
        var history = new List<(long, ProbeResult)>();
        var rtt = default(RttStats);
        long received = 0;
        ProbeResult? last = null;
        string[] results = _results.TryGetValue(spec.Name, out string? text) ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        for (int round = 0; round < results.Length; round++)
        {
            ProbeResult result = results[round] switch
            {
                "X" => ProbeResult.Timeout(),
                "U" => ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable"),
                "N" => ProbeResult.Failed(ProbeOutcome.Unresolved, "cannot resolve"),
                "W" => new ProbeResult(ProbeOutcome.Wrong, TimeSpan.FromMilliseconds(1), null, "NXDOMAIN"),
                "M" => ProbeResult.Failed(ProbeOutcome.TooBig, "too big: MTU 1400 at 192.0.2.1"),
                ['R', .. string refused] => ProbeResult.Reply(ProbeOutcome.Refused, TimeSpan.FromMilliseconds(double.Parse(refused, CultureInfo.InvariantCulture)), "refused"),
                string ms => ProbeResult.Reply(TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture)), 64),
            };
            history.Add((round, result));
            if (result.IsReply)
            {
                received++;
                rtt = rtt.Add(result.Rtt!.Value);
            }

            last = result;
        }

        VantageReading[] vantages = _vantages.GetValueOrDefault(spec.Name) ?? [];
        TargetStatus status = vantages.Length > 0 ? vantages.Where(v => !v.Stale).Select(v => v.Status).DefaultIfEmpty(TargetStatus.Unknown).Max()
            : last is null ? TargetStatus.Unknown
            : !last.Value.IsReply ? TargetStatus.Down
            : _degraded.ContainsKey(spec.Name) ? TargetStatus.Degraded
            : TargetStatus.Up;
        return new TargetView(id, spec, status, null, results.Length, received, rtt, received > 0 ? (byte)64 : null,
                              spec.Address.Literal ?? IPAddress.Loopback, _notes.GetValueOrDefault(spec.Name), last, RoundHistory.From(512, history))
        {
            // One result a second, the state taken at the last change of outcome (or at load, before any).
            Since = s_time.AddSeconds(-(results.Length - LastChangeAt(results))),
            Reason = _degraded.GetValueOrDefault(spec.Name),
            Vantages = vantages,
            PathMtu = _pathMtus.GetValueOrDefault(spec.Name),
            Trace = _traces.GetValueOrDefault(spec.Name) is { Live: false } trace ? trace : null,
            Acknowledgement = _acknowledged.GetValueOrDefault(spec.Name),
            Maintenance = _maintenance.GetValueOrDefault(spec.Name),
            Windowed = _maintenance.ContainsKey(spec.Name),
        };
    }

    private static int LastChangeAt(string[] results)
    {
        static bool Up(string r) => r is not ("X" or "U" or "N");
        int at = results.Length - 1;
        while (at > 0 && Up(results[at - 1]) == Up(results[^1]))
        {
            at--;
        }

        return Math.Max(0, at);
    }
}
