using System.Diagnostics;
using System.Globalization;
using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Platform;
using DeadMan.Core.Probing;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Benchmarks;

/// <summary>
/// The CPU cost of deadman's traffic polling: a network namespace made for the run holds <c>interfaces</c> veth ends
/// (this kernel has no dummy driver) and a net-snmp snmpd on its loopback; switches of 20 watched ports each (127.0.0.N, all answered by that
/// snmpd) are polled every 10 s by the engine, its socket opened inside the namespace; the hosts themselves are not
/// pinged, so only polling is measured. Needs root; the namespace is deleted after.
/// </summary>
internal static class SnmpPollRun
{
    private const int PortsPerSwitch = 20;
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);

    public static async Task<string> MeasureAsync(int interfaces, TimeSpan measured)
    {
        await using var lab = new BenchNamespace("dmbench-snmp");
        string ns = lab.Name;
        string directory = lab.Directory;
        Commands.Run(["ip", "-n", ns, "-batch", WriteBatch(directory, interfaces)]);
        string conf = Path.Combine(directory, "snmpd.conf");
        File.WriteAllText(conf, "rocommunity public 127.0.0.0/8\n");
        Process snmpd = lab.Start("env", $"SNMP_PERSISTENT_DIR={directory}", "MIBS=", "snmpd", "-f", "-Lo", "-C", "-c", conf,
                      "-I", "-smux", "-p", Path.Combine(directory, "snmpd.pid"), "udp:161");

        int switches = interfaces / PortsPerSwitch;
        string config = string.Join('\n', Enumerable.Range(0, switches).Select(s =>
            $"sw{s} 127.0.0.{s + 1} community=public traffic=" + string.Join(',', Enumerable.Range(s * PortsPerSwitch, PortsPerSwitch).Select(Name))));
        IReadOnlyList<ConfigEntry> entries = ConfigParser.Parse(config, "bench.conf").Entries;
        var options = new MonitorOptions(new ProbeTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))) { TrafficInterval = s_interval };
        using Monitor traffic = NetworkNamespace.Run(ns, () => new Monitor(entries, new NoProbes(), options, TimeProvider.System));
        using var stop = new CancellationTokenSource();
        Task polling = traffic.RunAsync(stop.Token);

        // Two polls give every port a rate; then measure whole intervals.
        await Task.Delay(s_interval * 2.5);
        int ok = (await traffic.FreshSnapshotAsync()).Interfaces.Count(v => v.State == "ok");
        TimeSpan cpuBefore = ProcessFigures.Cpu(Environment.ProcessId);
        TimeSpan agentBefore = ProcessFigures.Cpu(snmpd.Id);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        await Task.Delay(measured);
        TimeSpan cpu = ProcessFigures.Cpu(Environment.ProcessId) - cpuBefore;
        TimeSpan agentCpu = ProcessFigures.Cpu(snmpd.Id) - agentBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double seconds = wall.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await polling;

        double interfacePolls = interfaces * seconds / s_interval.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {interfaces:N0} interfaces ({switches} agents × {PortsPerSwitch}), every {s_interval.TotalSeconds:0} s, {ok} with a rate | " +
            $"{cpu.TotalSeconds / seconds:0.0000} CPU-s/s | {cpu.TotalMicroseconds / interfacePolls:0.0} µs CPU/interface poll | " +
            $"{allocated / interfacePolls:N0} B allocated/interface poll | snmpd: {agentCpu.TotalSeconds / seconds:0.000} CPU-s/s |");
    }

    private static string WriteBatch(string directory, int interfaces)
    {
        string batch = Path.Combine(directory, "links.batch");
        File.WriteAllLines(batch, Enumerable.Range(0, interfaces / 2).SelectMany(i =>
            new[] { $"link add {Name(2 * i)} type veth peer name {Name((2 * i) + 1)}", $"link set {Name(2 * i)} up", $"link set {Name((2 * i) + 1)} up" }));
        return batch;
    }

    private static string Name(int port) => $"p{port}";

    // Every host line is listed but never pinged.
    private sealed class NoProbes : IProbeFactory
    {
        public string? Unsupported(ProbeSpec spec) => "not pinged in this benchmark";

        public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink) => throw new NotSupportedException();
    }
}
