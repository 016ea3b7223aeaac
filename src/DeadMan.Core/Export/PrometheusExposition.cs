using System.Globalization;
using System.Text;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Export;

/// <summary>
/// The monitor as Prometheus text exposition (format 0.0.4): per target <c>deadman_up</c> (absent until the first
/// result), last and average RTT, loss ratio, and the probes sent and answered as counters that a reset ('r') does not
/// touch; labels <c>name</c>, <c>address</c>, <c>group</c>, <c>kind</c> (and <c>expect="down"</c> on a host so marked); where
/// deadman.toml has maintenance windows <c>deadman_maintenance</c>, and while any host is acknowledged
/// <c>deadman_acknowledged</c>. Per watched interface (<c>traffic=</c>) the
/// octet counters, the rates, oper status and whether the agent answers, labelled <c>host</c> and <c>interface</c>;
/// per gauge (<c>gauges=</c>) <c>deadman_gauge</c>, labelled <c>host</c> and <c>gauge</c>. Plus the process's own figures.
/// With --vantage every series carries <c>vantage</c>, so one Prometheus can hold many deadmans watching the same hosts.
/// </summary>
public static class PrometheusExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// The exposition as a builder of small chunks, for the server to encode chunk by chunk: 1,000 hosts make about
    /// 1.2 MB of text, which as one string (and a builder sized for it) went to the large object heap every scrape.
    /// </summary>
    /// <param name="unmatchedIcmp">ICMP packets the shared sockets read that answered no waiting probe, when deadman owns those sockets.</param>
    /// <param name="vantage">Where this deadman stands (--vantage): a label on every series when set.</param>
    public static StringBuilder Format(MonitorSnapshot snapshot, string version, long? unmatchedIcmp = null, string? vantage = null)
    {
        var targets = snapshot.Targets.ToList();
        var text = new StringBuilder();
        // Appended inside every series' braces, after its own labels.
        string own = vantage is null ? "" : $"vantage=\"{Escape(vantage)}\"";
        text.Append("# HELP deadman_build_info deadman's version.\n# TYPE deadman_build_info gauge\n");
        text.Append("deadman_build_info{version=\"").Append(Escape(version)).Append('"').Append(own.Length > 0 ? "," + own : "").Append("} 1\n");
        Single(text, own, "deadman_targets", "gauge", "Targets in the configuration.", targets.Count);
        Single(text, own, "deadman_paused", "gauge", "Whether probing is paused by the operator.", snapshot.Paused ? 1 : 0);
        if (unmatchedIcmp is { } unmatched)
        {
            Single(text, own, "deadman_icmp_unmatched_packets_total", "counter",
                   "ICMP packets read that answered no waiting probe: other programs' pings, late or duplicate replies, strays.", unmatched);
            // This engine's traces (a viewer's picture has none): how a storm of failures was traced.
            Single(text, own, "deadman_traces_total", "counter", "Paths traced for hosts that failed.", snapshot.TracesStarted);
            Single(text, own, "deadman_traces_shared_total", "counter",
                   "Failed hosts given the trace of another behind the same prefix instead of one of their own.", snapshot.TracesJoined);
        }

        TargetFamilies(text, own, targets);
        TrafficFamilies(text, own, snapshot);
        ProcessFigures(text, own);
        return text;
    }

    private static void TargetFamilies(StringBuilder text, string own, List<TargetView> targets)
    {
        Family(text, own, targets, "deadman_up", "gauge", "1 if the target is up (degraded included), 0 if down; absent before the first judgement.",
               t => t.Status switch { TargetStatus.Up or TargetStatus.Degraded => 1, TargetStatus.Down => 0, _ => null });
        Family(text, own, targets, "deadman_state", "gauge", "The target's state: 0 unknown, 1 up, 2 degraded, 3 down.",
               t => t.Status switch { TargetStatus.Up => 1, TargetStatus.Degraded => 2, TargetStatus.Down => 3, _ => 0 });
        Family(text, own, targets, "deadman_rtt_seconds", "gauge", "Round-trip time of the latest reply.",
               t => t.Rtt.Count == 0 ? null : t.Rtt.Last.TotalSeconds);
        Family(text, own, targets, "deadman_rtt_average_seconds", "gauge", "Average round-trip time since start or reset.",
               t => t.Rtt.Average?.TotalSeconds);
        Family(text, own, targets, "deadman_loss_ratio", "gauge", "Share of probes without a reply since start or reset (0 to 1).",
               t => t.Sent == 0 ? null : t.LossPercent / 100.0);
        Family(text, own, targets, "deadman_probes_sent_total", "counter", "Probes with a result.", t => t.TotalSent);
        Family(text, own, targets, "deadman_probes_received_total", "counter", "Probes answered.", t => t.TotalReceived);
        // Where deadman.toml has windows, every host says whether one is open (an alert rule's "unless
        // deadman_maintenance == 1" needs the 0s too); acknowledgements, while there are any.
        if (targets.Any(t => t.Windowed))
        {
            Family(text, own, targets, "deadman_maintenance", "gauge", "1 while a [[maintenance]] window of deadman.toml is open for the target, else 0.",
                   t => t.Maintenance is null ? 0 : 1);
        }

        if (targets.Any(t => t.Acknowledgement is not null))
        {
            Family(text, own, targets, "deadman_acknowledged", "gauge", "1 while an operator's acknowledgement of the target's problem is in force, else 0.",
                   t => t.Acknowledgement is null ? 0 : 1);
        }

        if (targets.Any(t => t.PathMtu?.Bytes is not null))
        {
            Family(text, own, targets, "deadman_path_mtu_bytes", "gauge", "The largest IP packet the path carries whole, as the last search found it (pmtu=on; 9000 means at least that).",
                   t => t.PathMtu?.Bytes);
        }

        if (targets.Any(t => t.Certificate is not null))
        {
            Family(text, own, targets, "deadman_tls_cert_expiry_seconds", "gauge", "When the https target's certificate runs out, in Unix seconds (alert on it minus time()).",
                   t => t.Certificate?.NotAfter.ToUnixTimeSeconds());
        }
    }

    private static void TrafficFamilies(StringBuilder text, string own, MonitorSnapshot snapshot)
    {
        IReadOnlyList<InterfaceView> interfaces = snapshot.Interfaces;
        if (interfaces.Count > 0)
        {
            InterfaceFamily(text, own, interfaces, "deadman_interface_in_octets_total", "counter", "ifHCInOctets (or ifInOctets) as the agent last reported it.", i => i.InOctets);
            InterfaceFamily(text, own, interfaces, "deadman_interface_out_octets_total", "counter", "ifHCOutOctets (or ifOutOctets) as the agent last reported it.", i => i.OutOctets);
            InterfaceFamily(text, own, interfaces, "deadman_interface_in_bits_per_second", "gauge", "Inbound rate over the last polling interval.", i => i.InBitsPerSecond);
            InterfaceFamily(text, own, interfaces, "deadman_interface_out_bits_per_second", "gauge", "Outbound rate over the last polling interval.", i => i.OutBitsPerSecond);
            InterfaceFamily(text, own, interfaces, "deadman_interface_oper_up", "gauge", "1 if ifOperStatus is up.", i => i.State is "ok" or "dropped" or "waiting" ? (i.OperStatus == "up" ? 1 : 0) : null);
            InterfaceFamily(text, own, interfaces, "deadman_interface_agent_up", "gauge", "1 if the SNMP agent answers the poll; 0 if it is silent or refuses our credentials.",
                            i => i.State is "ok" or "dropped" or "waiting" or "unknown-interface" ? 1 : 0);
        }

        if (snapshot.Gauges.Count > 0)
        {
            Family(text, own, snapshot.Gauges, "deadman_gauge", "gauge", "An SNMP gauge ([snmp.gauge.NAME], scaled; a counter as its rate per second) as last read.",
                   g => g.Reading.Value, (labels, g) => Label(Label(labels, "host", g.Host).Append(','), "gauge", g.Reading.Name));
        }
    }

    // A series without labels of its own (but the vantage's, when set).
    private static void Single(StringBuilder text, string own, string name, string type, string help, double value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        text.Append(name).Append(own.Length > 0 ? "{" + own + "}" : "").Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Family(StringBuilder text, string own, List<TargetView> targets, string name, string type, string help, Func<TargetView, double?> value) =>
        Family(text, own, targets, name, type, help, value, (labels, target) =>
        {
            Label(labels, "name", target.Spec.Name).Append(',');
            Label(labels, "address", target.Spec.Address.Text).Append(',');
            Label(labels, "group", target.Spec.Group ?? "").Append(',');
            Label(labels, "kind", ProbeKindNames.Of(target.Spec.Probe.Kind));
            if (target.Spec.ExpectDown)
            {
                // Only on the hosts so marked, so that every other series keeps its identity; a viewer reading this
                // back (--from prometheus) then dims the host and does not count it as down, as this deadman does.
                Label(labels.Append(','), "expect", "down");
            }
        });

    private static void InterfaceFamily(StringBuilder text, string own, IReadOnlyList<InterfaceView> interfaces, string name, string type, string help, Func<InterfaceView, double?> value) =>
        Family(text, own, interfaces, name, type, help, value, (labels, i) => Label(Label(labels, "host", i.Host).Append(','), "interface", i.Interface));

    private static void Family<T>(StringBuilder text, string own, IEnumerable<T> items, string name, string type, string help, Func<T, double?> value, Action<StringBuilder, T> labels)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (T item in items)
        {
            if (value(item) is { } sample)
            {
                text.Append(name).Append('{');
                labels(text, item);
                text.Append(own.Length > 0 ? "," : "").Append(own).Append("} ").Append(Number(sample)).Append('\n');
            }
        }
    }

    private static void ProcessFigures(StringBuilder text, string own)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Single(text, own, "process_cpu_seconds_total", "counter", "CPU time used by deadman.", process.TotalProcessorTime.TotalSeconds);
        Single(text, own, "process_resident_memory_bytes", "gauge", "Resident memory.", process.WorkingSet64);
        Single(text, own, "process_start_time_seconds", "gauge", "Start time, seconds since the epoch.",
               new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        Single(text, own, "process_threads", "gauge", "Threads of the process.", process.Threads.Count);
        // What the garbage collector has to clear up after deadman: the benchmark divides it by probes sent.
        Single(text, own, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.", GC.GetTotalAllocatedBytes());
    }

    // Label values escape backslash, double quote and line feed; nothing else (exposition format 0.0.4).
    private static StringBuilder Label(StringBuilder text, string name, string value) =>
        text.Append(name).Append("=\"").Append(Escape(value)).Append('"');

    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
