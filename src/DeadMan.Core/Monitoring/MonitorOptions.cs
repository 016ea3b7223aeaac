using DeadMan.Core.Health;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>How the engine runs.</summary>
/// <param name="HistoryCapacity">Rounds kept per target: enough for the widest RESULT column.</param>
/// <param name="Rounds">Stop each target after this many probes (headless <c>--count</c>); null runs until cancelled.</param>
public sealed record MonitorOptions(ProbeTiming Timing, int HistoryCapacity = 512, long? Rounds = null)
{
    public static readonly TimeSpan DefaultTrafficInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often each SNMP agent's watched interfaces are polled.</summary>
    public TimeSpan TrafficInterval { get; init; } = DefaultTrafficInterval;

    /// <summary>How states are judged: deadman.toml's [health] and [[health.match]]; a host line's options go over them.</summary>
    public HealthSettings Health { get; init; } = HealthSettings.Default;

    /// <summary>Trace the path to a host when it turns down or degraded (<c>--no-trace</c> turns it off).</summary>
    public bool TraceOnFailure { get; init; } = true;

    /// <summary>What a host line's snmp=NAME asks agents with (deadman.toml's [snmp.credentials]).</summary>
    public global::DeadMan.Core.Settings.SnmpAgentBook Snmp { get; init; } = global::DeadMan.Core.Settings.SnmpAgentBook.Empty;
}
