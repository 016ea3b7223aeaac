using System.Threading.Channels;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Alerts;

/// <summary>
/// Turns state changes into notifications on a path that can never hold up probing: the engine only drops each
/// change into a bounded queue (the oldest go first if a route is stuck for long); a task of its own gathers the
/// changes of one <see cref="AlertSettings.GroupWait"/> into one notification per event ("sw-1f and 12 more in 1F
/// down"), and hands each to every route's <see cref="RouteCourier"/>, which delivers it in its turn with retries and
/// backoff, tells each receiver only what it has not been told, and holds what it could not deliver until the route
/// works again. A route that keeps failing is said once in the status line, and every delivery is written to the
/// event log.
/// </summary>
public sealed class AlertDispatcher : IAsyncDisposable
{
    private const int QueueLength = 10_000;
    private const double SelfSuspectShare = 0.8;
    private const int SelfSuspectMinimum = 3;

    private readonly TimeSpan _repeat;
    private volatile Routing _routing;
    private readonly Func<int> _watched;
    private readonly Func<string> _ownPath;
    private readonly TimeProvider _time;
    private readonly Action<string> _problem;
    private readonly Action<AlertOutcome> _log;
    private readonly Channel<StateChange> _queue = Channel.CreateBounded<StateChange>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _updating = new();
    private readonly List<RouteCourier> _retired = [];
    private readonly Task _dispatching;
    private readonly Task _repeating;

    /// <param name="watched">How many hosts can raise an alarm (expect=down ones not counted), for "is it us?".</param>
    /// <param name="ownPath">Where probes leave from, said when most hosts fail together ("192.0.2.7 on eth0").</param>
    /// <param name="problem">Told, once, when a route stops delivering (the status line).</param>
    public AlertDispatcher(AlertSettings settings, IReadOnlyList<IAlertRoute> routes, Func<int> watched, Func<string> ownPath,
                           TimeProvider time, Action<string> problem, Action<AlertOutcome> log)
    {
        _time = time;
        _problem = problem;
        _log = log;
        _routing = new Routing(settings, [.. routes.Select(Courier)]);
        _repeat = settings.Repeat;
        _watched = watched;
        _ownPath = ownPath;
        _dispatching = DispatchAsync(_stop.Token);
        _repeating = RepeatAsync(_stop.Token);
    }

    /// <summary>
    /// Takes new settings and routes (deadman.toml reloaded) from the next notification on. A route of the same
    /// <see cref="IAlertRoute.Identity"/> as before goes on as it was, with what it knows (what its receiver was told,
    /// what it holds, Alertmanager's active alerts); one no longer named delivers what it has queued and ends. The
    /// repeat period stays the one of start.
    /// </summary>
    public void Update(AlertSettings settings, IReadOnlyList<IAlertRoute> routes)
    {
        lock (_updating)
        {
            Dictionary<string, RouteCourier> running = _routing.Couriers.ToDictionary(c => c.Route.Identity, StringComparer.Ordinal);
            List<RouteCourier> next = [.. routes.Select(r => running.Remove(r.Identity, out RouteCourier? same) ? same : Courier(r))];
            foreach (RouteCourier gone in running.Values)
            {
                gone.Retire();
                _retired.Add(gone);
            }

            _routing = new Routing(settings, next);
        }
    }

    private RouteCourier Courier(IAlertRoute route) => new(route, _time, _problem, _log);

    // Each host's latest trace, by id: a failure's, taken at once, is in by the time a group_wait has passed, and
    // goes with the notification (a webhook's hops, an exec's DEADMAN_LAST_HOP, an Alertmanager annotation).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Probing.Trace.PathTrace> _traces = new();

    /// <summary>From the engine's loop (<see cref="IMonitorView.Traced"/>): keeps the host's latest trace; never waits.</summary>
    public void Traced(TraceEvent traced)
    {
        _traces[traced.Target.Id] = traced.Trace;
        Routing routing = _routing;
        if (traced.PathChanged && routing.Settings.PathChanged)
        {
            // A route change is one host's news, not a state to group with others': it goes at once.
            Notification notification = Notification.PathChanged(traced) with { Vantage = Vantage };
            foreach (RouteCourier courier in routing.Couriers)
            {
                courier.Post(notification);
            }
        }
    }

    /// <summary>Where this deadman stands (--vantage): every notification says so.</summary>
    public string? Vantage { get; init; }

    /// <summary>The routes now in use.</summary>
    public IReadOnlyList<IAlertRoute> Routes => [.. _routing.Couriers.Select(c => c.Route)];

    /// <summary>
    /// From the engine's loop: never waits. An expected problem (acknowledged, or in a maintenance window) is not
    /// told; nor, then, is its recovery (a route is told only what changes what it was told).
    /// </summary>
    public void Post(StateChange change)
    {
        if (IsNews(change) && !change.Target.Expected)
        {
            _queue.Writer.TryWrite(change);
        }
    }

    /// <summary>
    /// From the engine's loop (<see cref="Monitor.Acknowledged"/>): an acknowledgement, or its end, goes to every
    /// route at once (Alertmanager silences the host's alerts, or expires the silence); an end because the host is up
    /// again is told by the "up" itself. Never waits.
    /// </summary>
    public void Acknowledged(AcknowledgementChange change)
    {
        Notification notification = Notification.Acknowledged(change) with { Vantage = Vantage };
        bool upAgain = change.Ended == Monitoring.Acknowledgements.UpAgain;
        foreach (RouteCourier courier in _routing.Couriers.Where(c => !upAgain || c.Route is AlertmanagerSender))
        {
            courier.Post(notification);
        }
    }

    /// <summary>A first answer is no news; a host expected down going down is none either (its coming up is).</summary>
    public static bool IsNews(StateChange change) =>
        !(change.From == TargetStatus.Unknown && change.To == TargetStatus.Up && !change.Target.Spec.ExpectDown)
        && !(change.To == TargetStatus.Down && change.Target.Spec.ExpectDown)
        && change.To != TargetStatus.Unknown;

    /// <summary>The notifications for changes that came within one group_wait: one per event, "is it us?" when most hosts went down.</summary>
    public static IReadOnlyList<Notification> Group(IReadOnlyList<StateChange> changes, int watched, TimeSpan groupWait, Func<string> ownPath)
    {
        // A host that changed more than once within the wait is told by its latest change.
        var latest = changes.GroupBy(c => c.Target.Id).Select(g => g.Last()).OrderBy(c => c.Sequence).ToList();
        int down = latest.Count(c => c.To == TargetStatus.Down);
        string? suspect = down >= SelfSuspectMinimum && down >= watched * SelfSuspectShare
            ? $"{down} of {watched} hosts went down within {groupWait.TotalSeconds:0.#}s: is it us? Probes leave from {ownPath()}"
            : null;
        return [.. latest.GroupBy(EventOf).Select(g => new Notification(g.Key, [.. g], g.Key == "down" ? suspect : null))];
    }

    public static string EventOf(StateChange change) => StateWords.EventName(change.From, change.To);

    // The traces taken for these failures: one from before a change is another failure's.
    private Dictionary<int, Probing.Trace.PathTrace> Traces(Notification notification)
    {
        var traces = new Dictionary<int, Probing.Trace.PathTrace>();
        foreach (StateChange change in notification.Changes.Where(c => c.To is TargetStatus.Down or TargetStatus.Degraded))
        {
            if (_traces.TryGetValue(change.Target.Id, out Probing.Trace.PathTrace? trace) && trace.At >= change.At - TimeSpan.FromSeconds(1))
            {
                traces[change.Target.Id] = trace;
            }
        }

        return traces;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<StateChange>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Routing routing = _routing;
                await Task.Delay(routing.Settings.GroupWait, _time, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                while (_queue.Reader.TryRead(out StateChange? change))
                {
                    batch.Add(change);
                }

                Hand(batch, routing);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: what is still queued goes with the run.
        }
    }

    // A group_wait's changes, grouped into notifications, to every route's courier; a suspicion that the monitor's
    // own path failed is said to the operator too.
    private void Hand(List<StateChange> batch, Routing routing)
    {
        foreach (Notification grouped in Group(batch, _watched(), routing.Settings.GroupWait, _ownPath))
        {
            Notification notification = grouped with { Vantage = Vantage, Traces = Traces(grouped) };
            if (notification.SelfSuspect is { } suspect)
            {
                _problem(suspect);
            }

            foreach (RouteCourier courier in routing.Couriers)
            {
                courier.Post(notification);
            }
        }
    }

    private async Task RepeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_repeat, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (IAlertRoute route in Routes)
                {
                    try
                    {
                        await route.RepeatAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        _log(new AlertOutcome(route.Name, "repeat", 0, false, e.Message));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private sealed record Routing(AlertSettings Settings, IReadOnlyList<RouteCourier> Couriers);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_dispatching, _repeating).ConfigureAwait(false);
        List<RouteCourier> couriers;
        lock (_updating)
        {
            couriers = [.. _routing.Couriers, .. _retired];
        }

        foreach (RouteCourier courier in couriers)
        {
            await courier.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
