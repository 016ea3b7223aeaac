using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Formatting;
using DeadMan.Terminal.Model;

namespace DeadMan.Terminal.Table;

/// <summary>A line of the table after filtering and sorting: a target or a separator.</summary>
public readonly record struct TableRow(TargetView? Target, SeparatorSpec? Separator)
{
    /// <summary>
    /// The rows to show, in the chosen order. Orders that keep groups sort within each group under its header (a
    /// filter leaves out the groups with no match); loss and RTT rank every host together, without headers.
    /// </summary>
    public static IReadOnlyList<TableRow> Select(MonitorSnapshot snapshot, ViewState view)
    {
        if (view.Sort is SortOrder.Loss or SortOrder.Rtt)
        {
            return [.. Rank(snapshot.Targets.Where(t => Matches(t, view.Filter)), view.Sort).Select(t => new TableRow(t, null))];
        }

        var rows = new List<TableRow>();
        var group = new List<TargetView>();
        SeparatorSpec? header = null;
        void Close()
        {
            // Without a filter every header stays, as in the file; with one, only those of groups with a match.
            if (group.Count > 0 || view.Filter.Length == 0)
            {
                if (header is not null)
                {
                    rows.Add(new TableRow(null, header));
                }

                rows.AddRange(Within(group, view.Sort).Select(t => new TableRow(t, null)));
            }

            group.Clear();
        }

        foreach (MonitorRow row in snapshot.Rows)
        {
            if (row.Separator is { } separator)
            {
                Close();
                header = separator;
            }
            else if (row.Target is { } target && Matches(target, view.Filter))
            {
                group.Add(target);
            }
        }

        Close();
        return rows;
    }

    private static IEnumerable<TargetView> Within(List<TargetView> group, SortOrder sort) => sort switch
    {
        SortOrder.DownFirst => group.OrderBy(t => t.Severity).ThenByDescending(t => t.DownVantages).ThenBy(t => t.Id),
        SortOrder.Name => group.OrderBy(t => t.Spec.Name, NaturalOrder.Instance).ThenBy(t => t.Id),
        _ => group,
    };

    // Ranked by the figures as the table shows them (AVG for RTT), so a change too small to see moves no row; down hosts lead.
    private static IEnumerable<TargetView> Rank(IEnumerable<TargetView> targets, SortOrder sort) => sort == SortOrder.Loss
        ? targets.OrderBy(t => t.Severity).ThenByDescending(t => t.DownVantages).ThenByDescending(t => Math.Round(t.LossPercent)).ThenBy(t => t.Id)
        : targets.OrderBy(t => t.Severity).ThenByDescending(t => t.DownVantages).ThenByDescending(t => AsShown(t.Rtt.Average)).ThenBy(t => t.Id);

    private static double AsShown(TimeSpan? rtt) =>
        rtt is { } value && double.TryParse(Figures.Rtt(value), System.Globalization.CultureInfo.InvariantCulture, out double shown) ? shown
        : rtt is null ? -1 : double.MaxValue;


    private static bool Matches(TargetView target, string filter) =>
        filter.Length == 0
        || target.Spec.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || target.Spec.Address.Text.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || (target.Spec.Group?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false);
}
