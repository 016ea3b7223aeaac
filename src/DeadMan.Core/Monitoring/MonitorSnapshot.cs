using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Everything the engine knew at one moment, published by its loop after a batch; nothing changes it afterwards.
/// <see cref="Version"/> grows with every publication.
/// </summary>
public sealed record MonitorSnapshot(long Version, DateTimeOffset Time, IReadOnlyList<MonitorRow> Rows)
{
    /// <summary>Probing and polling are paused by the operator.</summary>
    public bool Paused { get; init; }

    /// <summary>Why this picture is not current (read back from Prometheus, the server cannot be read); null when it is.</summary>
    public string? Problem { get; init; }

    /// <summary>Every watched interface, in file order.</summary>
    public IReadOnlyList<InterfaceView> Interfaces { get; init; } = [];

    /// <summary>Every polled gauge (gauges=), in file order.</summary>
    public IReadOnlyList<Snmp.Gauges.GaugeView> Gauges { get; init; } = [];

    /// <summary>The latest ups and downs, newest first (a host answering for the first time is not news); a reset keeps them.</summary>
    public IReadOnlyList<StateChange> Events { get; init; } = [];

    /// <summary>Everything known of the target a reader focused on (<see cref="IMonitorView.Focus"/>), its latest results included.</summary>
    public TargetDetail? Focused { get; init; }

    /// <summary>Traces of failing hosts' paths started since the run began (<see cref="PathTracing"/>).</summary>
    public long TracesStarted { get; init; }

    /// <summary>Failing hosts whose trace was shared with another's behind the same prefix instead of made.</summary>
    public long TracesJoined { get; init; }

    public IEnumerable<TargetView> Targets => Rows.Where(r => r.Target is not null).Select(r => r.Target!);
}
