using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Platform;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.IntegrationTests.Icmp;

/// <summary>The real engine and monitor, with their ICMP sockets opened inside the client namespace.</summary>
public sealed class NamespaceMonitor : IDisposable
{
    private readonly IcmpTransport _transport;
    private readonly ProbeFactory _probes;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public NamespaceMonitor(string ns, string config, ProbeTiming timing, long? rounds = null, IcmpSocketMode? mode = null)
    {
        _transport = NetworkNamespace.Run(ns, () => IcmpTransport.Open(TimeProvider.System, timing, mode));
        ConfigResult parsed = ConfigParser.Parse(config, "lab.conf");
        Assert.Empty(parsed.Diagnostics);
        _probes = new ProbeFactory(_transport, TimeProvider.System, timing);
        Monitor = new Monitor(parsed.Entries, _probes, new MonitorOptions(timing, Rounds: rounds), TimeProvider.System);
    }

    public Monitor Monitor { get; }

    public static ProbeTiming Timing(int intervalMs, int timeoutMs) =>
        new(TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(timeoutMs));

    /// <summary>Every round a target has had, oldest first.</summary>
    public static IEnumerable<HistoryEntry> Rounds(TargetView target) =>
        Enumerable.Range(0, (int)target.History.LatestRound + 1).Select(r => target.History[r]);

    public long DroppedPackets => _transport.DroppedPackets;

    public void Start() => _running = Monitor.RunAsync(_stop.Token);

    /// <summary>Runs all rounds (bounded in time) and returns the final picture of each target, by name.</summary>
    public async Task<Dictionary<string, TargetView>> RunToCompletionAsync(TimeSpan limit)
    {
        Start();
        await Monitor.Completion.WaitAsync(limit);
        return Monitor.Snapshot().Targets.ToDictionary(t => t.Spec.Name);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _running?.GetAwaiter().GetResult();
        Monitor.Dispose();
        _probes.Dispose();
        _transport.Dispose();
        _stop.Dispose();
    }
}
