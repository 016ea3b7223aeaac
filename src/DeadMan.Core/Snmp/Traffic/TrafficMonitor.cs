using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Snmp.Traffic;

/// <summary>
/// Polls every host line that has <c>traffic=</c>, each once per interval, the agents spread over the interval,
/// never more than one request of a poll in flight per agent (a poll waits for the previous one).
/// </summary>
public sealed class TrafficMonitor : IAsyncDisposable
{
    private readonly SnmpClient _client = new();
    private readonly List<(TargetSpec Host, InterfacePoller? Poller)> _hosts = [];
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly AddressResolver _resolver;

    public TrafficMonitor(IEnumerable<TargetSpec> targets, TimeSpan interval, TimeProvider time, AddressResolver? resolver = null)
    {
        _interval = interval;
        _time = time;
        _resolver = resolver ?? new AddressResolver();
        _hosts.AddRange(targets.Where(t => t.Traffic is not null).Select(t => (t, (InterfacePoller?)null)));
    }

    public bool IsEmpty => _hosts.Count == 0;

    /// <summary>An agent stopped or started answering, or restarted; raised on a polling task.</summary>
    public event Action<AgentChange>? AgentChanged;

    /// <summary>Every watched interface, in file order.</summary>
    public IReadOnlyList<InterfaceView> Snapshot()
    {
        lock (_hosts)
        {
            return _hosts.SelectMany(h => h.Poller?.Views ?? h.Host.Traffic!.Interfaces.Select(i =>
                new InterfaceView(h.Host.Name, i, null, "waiting", null, null, null, "unknown", 0, 0, 0, "resolving the agent's address"))).ToList();
        }
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        int count = _hosts.Count;
        Task[] loops = [.. Enumerable.Range(0, count).Select(i => PollLoopAsync(i, _interval * i / Math.Max(1, count), cancellationToken))];
        return Task.WhenAll(loops);
    }

    private async Task PollLoopAsync(int index, TimeSpan phase, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(phase, _time, cancellationToken).ConfigureAwait(false);
            InterfacePoller? poller = null;
            while (poller is null)
            {
                try
                {
                    poller = await CreatePollerAsync(index, cancellationToken).ConfigureAwait(false);
                }
                catch (AddressResolutionException)
                {
                    // The agent's name does not resolve yet: its interfaces stay "waiting"; try again next interval.
                    await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
                }
            }

            long start = _time.GetTimestamp();
            for (long round = 1; !cancellationToken.IsCancellationRequested; round++)
            {
                await poller.PollAsync(cancellationToken).ConfigureAwait(false);
                // A fixed grid, like the pings: a slow agent does not push its next poll later.
                TimeSpan wait = (_interval * round) - _time.GetElapsedTime(start);
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<InterfacePoller> CreatePollerAsync(int index, CancellationToken cancellationToken)
    {
        TargetSpec host = _hosts[index].Host;
        IPAddress address = await _resolver.ResolveAsync(host.Address, cancellationToken).ConfigureAwait(false);
        var agent = SnmpAgent.V2c(new IPEndPoint(address, host.Traffic!.Port), host.Traffic.Community.Reveal());
        var poller = new InterfacePoller(_client, agent, host.Name, host.Traffic, _time);
        poller.AgentChanged += change => AgentChanged?.Invoke(change);
        lock (_hosts)
        {
            _hosts[index] = (host, poller);
        }

        return poller;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
