namespace DeadMan.Core.Monitoring;

/// <summary>
/// Hands one target's records on in round order, so its log reads in the order its probes went out: a timeout is
/// known only a timeout after its send, by which time the next rounds may have answered. A record waits for the
/// rounds before it, but never for long: past <see cref="MaxHeld"/> waiting records the oldest goes out anyway, so
/// a round that never reports (a bug in some probe) cannot hold the log back.
/// </summary>
internal sealed class RecordOrder
{
    private const int MaxHeld = 16;

    private readonly SortedList<long, ProbeRecord> _held = [];
    private long _next;

    /// <summary>A reset forgets the rounds before <paramref name="round"/>: their results will never be recorded.</summary>
    public void SkipTo(long round, List<ProbeRecord> ready)
    {
        _next = Math.Max(_next, round);
        Release(ready);
    }

    public void Add(ProbeRecord record, List<ProbeRecord> ready)
    {
        if (record.Round < _next)
        {
            ready.Add(record);
            return;
        }

        _held[record.Round] = record;
        Release(ready);
    }

    private void Release(List<ProbeRecord> ready)
    {
        while (_held.Count > 0 && (_held.Keys[0] <= _next || _held.Count > MaxHeld))
        {
            ProbeRecord first = _held.Values[0];
            _held.RemoveAt(0);
            ready.Add(first);
            _next = Math.Max(_next, first.Round + 1);
        }
    }
}
