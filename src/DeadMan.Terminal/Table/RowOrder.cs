using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Model;

namespace DeadMan.Terminal.Table;

/// <summary>
/// Keeps a ranking (loss, RTT) still for <see cref="Hold"/> unless a host changed state, so rows do not reshuffle
/// with every reply's jitter; a host that goes down moves up at once. Other orders depend on nothing that moves.
/// </summary>
public sealed class RowOrder
{
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(5);

    private (SortOrder Sort, string Filter, DateTimeOffset At, Dictionary<int, (int Place, TargetStatus Status)> Places)? _held;

    public IReadOnlyList<TableRow> Arrange(MonitorSnapshot snapshot, ViewState view, DateTimeOffset now)
    {
        IReadOnlyList<TableRow> rows = TableRow.Select(snapshot, view);
        if (view.Sort is not (SortOrder.Loss or SortOrder.Rtt))
        {
            _held = null;
            return rows;
        }

        if (_held is { } held && held.Sort == view.Sort && held.Filter == view.Filter && now - held.At < Hold
            && rows.Count == held.Places.Count
            && rows.All(r => held.Places.TryGetValue(r.Target!.Id, out var p) && p.Status == r.Target.Status))
        {
            return [.. rows.OrderBy(r => held.Places[r.Target!.Id].Place)];
        }

        _held = (view.Sort, view.Filter, now, rows.Select((r, i) => (r.Target!, i)).ToDictionary(p => p.Item1.Id, p => (p.i, p.Item1.Status)));
        return rows;
    }
}
