using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Web;

/// <summary>
/// The state document the web view's readers share: made from a fresh engine snapshot at most every
/// <see cref="Freshness"/> and only when asked, so any number of open pages costs a few snapshots and serialisations
/// a second, and none while nobody looks. (The engine makes pictures by itself only for a subscriber: a plain read
/// after a quiet minute could show that minute-old picture.)
/// </summary>
public sealed class StateFeed(Func<Task<MonitorSnapshot>> snapshot, TimeProvider time, StateView view) : IDisposable
{
    /// <summary>How often a page is sent a new state at most.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How old a served document may be. Well under <see cref="Period"/>: a change waits for a page's next second
    /// and at most this much more, so a host that goes down is red in the browser within two seconds.
    /// </summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _making = new(1, 1);
    private StateMessage? _latest;

    public TimeProvider Time => time;

    /// <summary>The latest state: the one already made if it is younger than <see cref="Freshness"/> or nothing changed since.</summary>
    public async Task<StateMessage> CurrentAsync(CancellationToken cancellationToken)
    {
        await _making.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_latest is { } latest && time.GetElapsedTime(latest.MadeAt) < Freshness)
            {
                return latest;
            }

            MonitorSnapshot now = await snapshot().ConfigureAwait(false);
            _latest = _latest is { } same && same.Version == now.Version
                ? same with { MadeAt = time.GetTimestamp() }
                : new StateMessage(now.Version, StateDocument.Serialize(now, view), time.GetTimestamp());
            return _latest;
        }
        finally
        {
            _making.Release();
        }
    }

    public void Dispose() => _making.Dispose();
}
