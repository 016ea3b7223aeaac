namespace DeadMan.Core.Monitoring;

/// <summary>Everything the monitor knows at one moment; <see cref="Version"/> changes whenever anything did.</summary>
public sealed record MonitorSnapshot(long Version, DateTimeOffset Time, IReadOnlyList<MonitorRow> Rows)
{
    /// <summary>Probing is paused by the operator.</summary>
    public bool Paused { get; init; }

    public IEnumerable<TargetView> Targets => Rows.Where(r => r.Target is not null).Select(r => r.Target!);
}
