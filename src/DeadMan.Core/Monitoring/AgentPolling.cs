using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The engine's SNMP side: one task per watched agent, each on a fixed grid like the pings (a slow agent does not push
/// its next poll later), the agents spread over the interval, never more than one poll of an agent in flight. A poll's
/// report is posted to the engine loop, which alone folds it in; the tasks read nothing of the loop's but the agent's
/// line (<see cref="WatchedAgent.Host"/>) and whether the engine is paused.
/// </summary>
internal sealed class AgentPolling(MonitorOptions options, TimeProvider time, AddressResolver resolver, Func<bool> paused, Action<PollNews> post) : IAsyncDisposable
{
    private SnmpClient? _client;

    /// <summary>
    /// The socket is made by whoever makes the engine, so that it lives where the engine was made (a test's or
    /// benchmark's network namespace); made later, for the first agent a reload adds, otherwise.
    /// </summary>
    public void Prepare() => _client ??= new SnmpClient();

    public void Start(WatchedAgent agent, TimeSpan phase, CancellationToken running)
    {
        Prepare();
        agent.Polling = PollAsync(agent, _client!, phase, running);
    }

    private async Task PollAsync(WatchedAgent agent, SnmpClient client, TimeSpan phase, CancellationToken running)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(running, agent.Lifetime.Token);
        CancellationToken cancellationToken = lifetime.Token;
        TimeSpan interval = options.TrafficInterval;
        try
        {
            if (!await WaitUntilAsync(agent, time.GetTimestamp() + TimestampTicks(phase), cancellationToken).ConfigureAwait(false)
                || await ResolveAsync(agent, cancellationToken).ConfigureAwait(false) is not { } address)
            {
                return;
            }

            TargetSpec polledAs = agent.Host;
            var poller = new AgentPoller(client, AgentAt(address, polledAs.Traffic!), polledAs.Name, polledAs.Traffic!, options.Snmp.Gauges(polledAs.Traffic!), time);
            long start = time.GetTimestamp();
            for (long round = 1; !cancellationToken.IsCancellationRequested; round++)
            {
                if (!ReferenceEquals(agent.Host, polledAs))
                {
                    polledAs = agent.Host;
                    poller.Watch(AgentAt(address, polledAs.Traffic!), polledAs.Traffic!, options.Snmp.Gauges(polledAs.Traffic!));
                }

                if (!paused())
                {
                    post(new PollNews(agent.Id, await poller.PollAsync(cancellationToken).ConfigureAwait(false)));
                }

                if (!await WaitUntilAsync(agent, start + TimestampTicks(interval * round), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The agent's name may not resolve yet: its interfaces stay "waiting", and it is tried again each interval.
    private async Task<IPAddress?> ResolveAsync(WatchedAgent agent, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await resolver.ResolveAsync(agent.Host.Address, cancellationToken).ConfigureAwait(false);
            }
            catch (AddressResolutionException)
            {
                if (!await WaitUntilAsync(agent, time.GetTimestamp() + TimestampTicks(options.TrafficInterval), cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }
    }

    // Credentials a line names exist: a load or reload that lacks them fails before it reaches the engine.
    private SnmpAgent AgentAt(IPAddress address, TrafficSpec traffic) =>
        options.Snmp.Agent(new IPEndPoint(address, traffic.Port), traffic.Access, TimeSpan.FromSeconds(1), 2)
        ?? SnmpAgent.V2c(new IPEndPoint(address, traffic.Port), "");

    // The timer is set before the agent says until when it waits: a test that moves the clock as soon as every agent
    // waits would otherwise now and then move it before the timer was set, which then counted from the moved clock
    // and came an interval late, or never.
    private async Task<bool> WaitUntilAsync(WatchedAgent agent, long dueTimestamp, CancellationToken cancellationToken)
    {
        long ticks = Math.Max(0, dueTimestamp - time.GetTimestamp());
        Task delay = Task.Delay(TimeSpan.FromSeconds(ticks / (double)time.TimestampFrequency), time, cancellationToken);
        agent.WaitingUntil = dueTimestamp;
        try
        {
            await delay.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private long TimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>Closes the socket: after the last poll has ended, or when the engine never ran.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
