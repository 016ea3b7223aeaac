using System.Threading.Channels;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Alerts;

/// <summary>
/// One route's deliveries, in order, on a task of its own: a route that is slow or down holds up only itself, never
/// another route or the next notification (one command that ran 40 s once stalled every route). It tells the receiver
/// only what it has not yet been told: a change to the state this route last delivered for a host is dropped ("degraded"
/// twice in a row, a "recovered" for a degradation never told). A notification it could not deliver after its tries is
/// held, with those after it, and tried again every <see cref="HeldRetry"/> and whenever there is news, so the "down"
/// the receiver missed comes before the "up" once the route works again.
/// </summary>
internal sealed class RouteCourier : IAsyncDisposable
{
    private const int Attempts = 3;
    private const int MaxHeld = 100;
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);

    /// <summary>How often a route that failed is tried again with what it holds.</summary>
    public static readonly TimeSpan HeldRetry = TimeSpan.FromSeconds(30);

    private readonly Channel<Notification> _inbox = Channel.CreateBounded<Notification>(new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly List<Held> _held = [];
    private readonly Dictionary<int, TargetStatus> _told = [];
    private readonly TimeProvider _time;
    private readonly Action<string> _problem;
    private readonly Action<AlertOutcome> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private bool _failing;

    /// <param name="problem">Told when the route starts failing, and when it works again.</param>
    public RouteCourier(IAlertRoute route, TimeProvider time, Action<string> problem, Action<AlertOutcome> log)
    {
        Route = route;
        _time = time;
        _problem = problem;
        _log = log;
        _running = RunAsync(_stop.Token);
    }

    public IAlertRoute Route { get; }

    /// <summary>Never waits: the notification is delivered in its turn.</summary>
    public void Post(Notification notification) => _inbox.Writer.TryWrite(notification);

    /// <summary>The route was dropped by a reload: what is queued is delivered (once), then the courier ends.</summary>
    public void Retire() => _inbox.Writer.TryComplete();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            bool open = true;
            while (open || _held.Count > 0)
            {
                open = await NewsAsync(cancellationToken).ConfigureAwait(false);
                while (_inbox.Reader.TryRead(out Notification? notification))
                {
                    Hold(notification);
                }

                await DeliverHeldAsync(cancellationToken).ConfigureAwait(false);
                if (!open && _failing)
                {
                    break; // retired while failing: nothing more will be tried
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: what is still held goes with the run.
        }
    }

    // Waits for a notification, or, while holding undelivered ones, for the time to try them again. False once retired.
    private async Task<bool> NewsAsync(CancellationToken cancellationToken)
    {
        if (_held.Count == 0)
        {
            return await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }

        using var retry = new CancellationTokenSource(HeldRetry, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, retry.Token);
        try
        {
            return await _inbox.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return !_inbox.Reader.Completion.IsCompleted;
        }
    }

    private void Hold(Notification notification)
    {
        if (_held.Count >= MaxHeld)
        {
            Notification oldest = _held[0].Notification;
            _log(new AlertOutcome(Route.Name, oldest.Event, oldest.Changes.Count, false, $"dropped: more than {MaxHeld} notifications held while the route failed"));
            _held.RemoveAt(0);
        }

        var held = new Held(notification);
        _held.Add(held);
        if (_failing)
        {
            Failed(held, "held: the route is failing; sent when it works again");
        }
    }

    // Each notification that cannot go at once is in the event log once, however often it is tried again.
    private void Failed(Held held, string why)
    {
        if (!held.Logged)
        {
            held.Logged = true;
            _log(new AlertOutcome(Route.Name, held.Notification.Event, held.Notification.Changes.Count, false, why));
        }
    }

    private void Told(Notification news)
    {
        if (news.IsStateless)
        {
            return;
        }

        foreach (StateChange change in news.Changes)
        {
            _told[change.Target.Id] = change.To;
        }
    }

    private async Task DeliverHeldAsync(CancellationToken cancellationToken)
    {
        int delivered = 0;
        while (_held.Count > 0)
        {
            if (Untold(_held[0].Notification) is not { } news)
            {
                _held.RemoveAt(0);
                continue;
            }

            // A route known to fail gets one try a round; the notification has had its three.
            if (await TryDeliverAsync(news, _failing ? 1 : Attempts, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                Failed(_held[0], problem);
                return;
            }

            Told(news);
            _held.RemoveAt(0);
            delivered++;
            if (_failing)
            {
                _failing = false;
                _problem($"alert to {Route.Name} works again; {delivered} held notification(s) sent");
            }
        }
    }

    // The changes this route has not told yet; null when there are none. Before anything is told, a host is taken to
    // be up (an expect=down host down), as a receiver that has heard nothing takes it.
    private Notification? Untold(Notification notification)
    {
        if (notification.IsStateless)
        {
            return notification;
        }

        List<StateChange> untold = [.. notification.Changes.Where(c => c.To != _told.GetValueOrDefault(c.Target.Id, c.Target.Spec.ExpectDown ? TargetStatus.Down : TargetStatus.Up))];
        return untold.Count == 0 ? null
            : untold.Count == notification.Changes.Count ? notification
            : notification with { Changes = untold };
    }

    // Null once delivered, else why it was not.
    private async Task<string?> TryDeliverAsync(Notification notification, int attempts, CancellationToken cancellationToken)
    {
        TimeSpan wait = s_firstRetry;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                string detail = await Route.SendAsync(notification, cancellationToken).ConfigureAwait(false);
                _log(new AlertOutcome(Route.Name, notification.Event, notification.Changes.Count, true, detail));
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt < attempts)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    wait *= 2;
                    continue;
                }

                if (!_failing)
                {
                    _failing = true;
                    _problem($"alert to {Route.Name} failed after {attempts} tries: {e.Message}; holding its notifications, trying again every {HeldRetry.TotalSeconds:0}s");
                }

                return e.Message;
            }
        }
    }

    private sealed class Held(Notification notification)
    {
        public Notification Notification { get; } = notification;

        public bool Logged { get; set; }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
    }
}
