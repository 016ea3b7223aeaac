using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The engine's traces: which run, which wait, and whom each one is for. A storm of downs must not become a storm of
/// traces (200 access points behind one cut uplink would send 200 × 30 echoes and run into every router's ICMP rate
/// limit): at most <see cref="MostInFlight"/> run at once, the rest wait in order, and a host whose path is already
/// being traced, or waits to be (the same placement and the same /24, or /64), joins that trace instead of making
/// its own: the routers before the break are the same. A live trace (<c>t</c> on the screen) runs beside these, one
/// at a time. Only the engine's loop uses it.
/// </summary>
/// <param name="interval">Between a live trace's passes: the probes' own interval.</param>
/// <param name="notTraced">Told, on the loop, of a target that cannot be traced from here, and why.</param>
internal sealed class PathTracing(IProbeFactory probes, IProbeSink sink, TimeSpan interval, TimeProvider time, Action<int, string> notTraced)
{
    public const int MostInFlight = 4;

    /// <summary>How long a finished failure trace still answers for hosts behind the same prefix that fail after it.</summary>
    public static readonly TimeSpan SharedFor = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (PathTrace Trace, string TracedFor, long At)> _finished = [];

    private readonly List<Group> _running = [];
    private readonly List<Group> _waiting = [];
    private (int TargetId, ITraceRun Run)? _live;

    /// <summary>Traces started since the run began (a live trace's passes not counted).</summary>
    public long Started { get; private set; }

    /// <summary>Requests that joined a trace already running or waiting instead of making one.</summary>
    public long Joined { get; private set; }

    /// <summary>The target whose live trace runs, if any.</summary>
    public int? LiveTarget => _live?.TargetId;

    /// <summary>
    /// Traces the target's path soon: now if fewer than <see cref="MostInFlight"/> run, else in its turn, or with a
    /// trace of the same prefix running, waiting, or finished within <see cref="SharedFor"/>.
    /// </summary>
    /// <param name="shared">A failure's trace, which hosts behind the same prefix share; a trace=on host's own is its own.</param>
    /// <returns>A trace of the same prefix that finished moments ago, which answers for this host too; else null.</returns>
    public (PathTrace Trace, string TracedFor)? Request(MonitoredTarget target, bool shared = true)
    {
        if (target.State.Address is not { } address)
        {
            return null;
        }

        string key = shared ? Key(target, address) : $"own|{target.State.Id}";
        if (shared && _finished.TryGetValue(key, out var recent) && time.GetElapsedTime(recent.At) < SharedFor)
        {
            Joined++;
            return (recent.Trace, recent.TracedFor);
        }

        if (_running.Concat(_waiting).FirstOrDefault(g => g.Key == key) is { } group)
        {
            if (!group.Members.Contains(target.State.Id))
            {
                group.Members.Add(target.State.Id);
                Joined++;
            }

            return null;
        }

        _waiting.Add(new Group(key, target, [target.State.Id]));
        StartDue();
        return null;
    }

    /// <summary>
    /// A trace's picture came in: the targets it is for (the one traced among them); once it is final, the trace is
    /// over and the next one waiting starts.
    /// </summary>
    public IReadOnlyList<int> Finished(int targetId, PathTrace trace)
    {
        int at = _running.FindIndex(g => g.Traced.State.Id == targetId);
        if (at < 0 || !trace.Final)
        {
            return at < 0 ? [] : _running[at].Members;
        }

        Group done = _running[at];
        _running.RemoveAt(at);
        done.Run?.Dispose();
        if (!done.Key.StartsWith("own|", StringComparison.Ordinal))
        {
            _finished.Remove(done.Key);
            foreach (var (key, old) in _finished.Where(f => time.GetElapsedTime(f.Value.At) >= SharedFor).ToArray())
            {
                _finished.Remove(key);
            }

            _finished[done.Key] = (trace, done.Traced.State.Spec.Name, time.GetTimestamp());
        }

        StartDue();
        return done.Members;
    }

    /// <summary>Starts a live trace of the target (stopping another's), or stops it with null.</summary>
    /// <returns>Why it cannot be traced, if it cannot.</returns>
    public string? Live(MonitoredTarget? target)
    {
        _live?.Run.Dispose();
        _live = null;
        if (target is null)
        {
            return null;
        }

        if (target.State.Address is not { } address)
        {
            return "not traced: no address yet";
        }

        ITraceRun? run = probes.Trace(target.State.Id, target.State.Spec.Probe, address, sink, new TraceRequest(0, interval), out string? notTraced);
        _live = run is null ? null : (target.State.Id, run);
        return notTraced;
    }

    /// <summary>
    /// A target removed by a reload: it is no longer one a trace is for, a waiting trace for it alone goes (one that
    /// others share is still made: their prefix is its), and its live trace stops.
    /// </summary>
    public void Forget(int targetId)
    {
        foreach (Group group in _running.Concat(_waiting))
        {
            group.Members.Remove(targetId);
        }

        _waiting.RemoveAll(g => g.Members.Count == 0);
        if (_live?.TargetId == targetId)
        {
            Live(null);
        }
    }

    private void StartDue()
    {
        while (_running.Count < MostInFlight && _waiting.Count > 0)
        {
            Group next = _waiting[0];
            _waiting.RemoveAt(0);
            TargetState state = next.Traced.State;
            next.Run = probes.Trace(state.Id, state.Spec.Probe, state.Address!, sink, TraceRequest.OnFailure, out string? why);
            if (next.Run is null)
            {
                foreach (int member in next.Members)
                {
                    notTraced(member, why ?? "not traced");
                }

                continue;
            }

            Started++;
            _running.Add(next);
        }
    }

    // Hosts behind one break share the routers before it: the same way out (probe kind, namespace, source) and the
    // same /24 (IPv4) or /64 (IPv6).
    private static string Key(MonitoredTarget target, IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        int keep = address.AddressFamily == AddressFamily.InterNetworkV6 ? 8 : 3;
        return $"{target.State.Spec.Probe}|{Convert.ToHexString(bytes, 0, keep)}";
    }

    private sealed class Group(string key, MonitoredTarget traced, List<int> members)
    {
        public string Key { get; } = key;

        public MonitoredTarget Traced { get; } = traced;

        public List<int> Members { get; } = members;

        public ITraceRun? Run { get; set; }
    }
}
