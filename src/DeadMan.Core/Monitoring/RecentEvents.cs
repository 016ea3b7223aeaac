using DeadMan.Core.Health;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The latest ups and downs, newest first, as a picture lists them (<see cref="MonitorSnapshot.Events"/>), for both
/// engines. A host answering for the first time is no news; one that is down from the start is. Numbered in order,
/// so a reader knows which it has seen. Only its engine's loop touches it.
/// </summary>
internal sealed class RecentEvents
{
    private const int Capacity = 200;

    private readonly LinkedList<StateChange> _events = [];
    private IReadOnlyList<StateChange>? _list;
    private long _sequence;

    /// <summary>The change, numbered; kept among the recent events unless it is a first answer.</summary>
    public StateChange Record(TargetView target, TargetStatus from, DateTimeOffset at, DateTimeOffset since)
    {
        var change = new StateChange(target, from, target.Status, at, ++_sequence) { Lasted = at - since };
        if (IsNews(change))
        {
            _events.AddFirst(change);
            if (_events.Count > Capacity)
            {
                _events.RemoveLast();
            }

            _list = null;
        }

        return change;
    }

    public static bool IsNews(StateChange change) => change.From != TargetStatus.Unknown || change.To != TargetStatus.Up;

    /// <summary>Made again only after a change: most pictures share the list of the one before.</summary>
    public IReadOnlyList<StateChange> List => _list ??= [.. _events];
}
