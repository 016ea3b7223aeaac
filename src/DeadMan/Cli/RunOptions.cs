using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Cli;

/// <summary>The command line, once parsed: plain values, no System.CommandLine types beyond this folder.</summary>
/// <param name="Count">Headless: probe this many rounds, report and exit.</param>
/// <param name="ScaleMs">RTT per sparkline step (deadman's -s).</param>
internal sealed record RunOptions(string ConfigFile, ProbeTiming Timing, bool Check, int? Count, bool Json)
{
    /// <summary>deadman.toml as read (or none): health rules and alert routes; its option defaults are already in these options.</summary>
    public Core.Settings.DeadmanSettings Settings { get; init; } = Core.Settings.DeadmanSettings.None;

    /// <summary>A headless run exits 1 for a degraded host too (<c>--fail-on degraded</c>).</summary>
    public bool FailOnDegraded { get; init; }

    public int ScaleMs { get; init; } = Terminal.Model.ViewState.DefaultScaleMs;

    public bool BlinkArrow { get; init; }

    public bool Bell { get; init; }

    public bool NoTitle { get; init; }

    public bool NoMouse { get; init; }

    public bool Stage { get; init; }

    public bool NoColor { get; init; }

    /// <summary>--no-trace: a host that fails is not traced.</summary>
    public bool NoTrace { get; init; }

    /// <summary>--no-hop-names (or trace_names = false): a trace's hops are named by the host list's rows only, not by reverse DNS.</summary>
    public bool NoHopNames { get; init; }

    public bool Ascii { get; init; }

    /// <summary>deadman's per-host logs and the event log go here (<c>-l</c>).</summary>
    public string? LogDirectory { get; init; }

    /// <summary>How often interfaces with <c>traffic=</c> are polled over SNMP.</summary>
    public TimeSpan TrafficInterval { get; init; } = MonitorOptions.DefaultTrafficInterval;

    /// <summary>Where to serve Prometheus metrics, if anywhere.</summary>
    public System.Net.IPEndPoint? Metrics { get; init; }

    /// <summary>Where to serve the web view's state, if anywhere.</summary>
    public System.Net.IPEndPoint? Web { get; init; }

    /// <summary>Where this deadman stands, when several watch the same hosts: labels metrics, events and alerts.</summary>
    public string? Vantage { get; init; }

    /// <summary>ssh_config file handed to every ssh relay (<c>ssh -F</c>).</summary>
    public string? SshConfig { get; init; }

    /// <summary>--state-dir: where acknowledgements are kept across restarts.</summary>
    public string StateDirectory { get; init; } = "";
}
