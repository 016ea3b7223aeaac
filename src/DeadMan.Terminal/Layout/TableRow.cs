using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;

namespace DeadMan.Terminal.Layout;

/// <summary>A line of the table after filtering and sorting: a target or a separator.</summary>
public readonly record struct TableRow(TargetView? Target, SeparatorSpec? Separator)
{
    /// <summary>The rows to show, in the chosen order; separators only in file order and without a filter.</summary>
    public static IReadOnlyList<TableRow> Select(MonitorSnapshot snapshot, ViewState view)
    {
        IEnumerable<TargetView> targets = snapshot.Targets.Where(t => Matches(t, view.Filter));
        if (view.Sort == SortOrder.File)
        {
            return view.Filter.Length == 0
                ? snapshot.Rows.Select(r => new TableRow(r.Target, r.Separator)).ToList()
                : targets.Select(t => new TableRow(t, null)).ToList();
        }

        IOrderedEnumerable<TargetView> sorted = view.Sort switch
        {
            SortOrder.DownFirst => targets.OrderBy(t => t.Status switch { TargetStatus.Down => 0, TargetStatus.Unknown => 1, _ => 2 }),
            SortOrder.Loss => targets.OrderByDescending(t => t.LossPercent),
            SortOrder.Rtt => targets.OrderByDescending(t => t.Rtt.Count == 0 ? double.MinValue : t.Rtt.Last.TotalMilliseconds),
            _ => targets.OrderBy(t => t.Spec.Name, NaturalOrder.Instance),
        };
        return sorted.ThenBy(t => t.Id).Select(t => new TableRow(t, null)).ToList();
    }

    private static bool Matches(TargetView target, string filter) =>
        filter.Length == 0
        || target.Spec.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || target.Spec.Address.Text.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || (target.Spec.Group?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false);
}
