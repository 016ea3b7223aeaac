using System.Diagnostics;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Benchmarks;

/// <summary>deadman's engine (transport, scheduler, monitor) in this process, against loopback targets.</summary>
internal static class EngineRun
{
    public static async Task<Figures> MeasureAsync(IReadOnlyList<string> addresses, TimeSpan warmUp, TimeSpan measured)
    {
        var timing = new ProbeTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        string config = string.Join('\n', addresses.Select((a, i) => $"t{i} {a}"));
        using var transport = IcmpTransport.Open(TimeProvider.System, timing);
        using var factory = new ProbeFactory(transport, TimeProvider.System, timing);
        using var monitor = new Monitor(ConfigParser.Parse(config, "bench.conf").Entries, factory,
                                        new MonitorOptions(timing), TimeProvider.System);
        using var stop = new CancellationTokenSource();
        Task running = monitor.RunAsync(stop.Token);
        await Task.Delay(warmUp);

        (long sent, long received) before = await TotalsAsync(monitor);
        TimeSpan cpuBefore = ProcessFigures.Cpu(Environment.ProcessId);
        var wall = Stopwatch.StartNew();
        await Task.Delay(measured);
        TimeSpan cpu = ProcessFigures.Cpu(Environment.ProcessId) - cpuBefore;
        double seconds = wall.Elapsed.TotalSeconds;
        (long sent, long received) after = await TotalsAsync(monitor);

        await stop.CancelAsync();
        await running;
        long probes = after.sent - before.sent;
        return new Figures("deadman", addresses.Count, seconds, cpu, ProcessFigures.PeakRssMiB(Environment.ProcessId),
                           probes, probes - (after.received - before.received));
    }

    private static async Task<(long Sent, long Received)> TotalsAsync(Monitor monitor)
    {
        MonitorSnapshot snapshot = await monitor.FreshSnapshotAsync();
        return (snapshot.Targets.Sum(t => t.Sent), snapshot.Targets.Sum(t => t.Received));
    }
}
