using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Probing.Trace;
using DeadMan.IntegrationTests.Icmp;
using DeadMan.IntegrationTests.Lab;
using static DeadMan.IntegrationTests.Icmp.NamespaceMonitor;

namespace DeadMan.IntegrationTests.Tracing;

/// <summary>
/// Issue 34: the path to a host traced when it fails, and routes that change, through three routers in namespaces
/// (<see cref="RouterChain"/>); the engine runs in the client namespace.
/// </summary>
public sealed class PathTraceTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);
    private readonly RouterChain _chain = new();

    private static string Rows => $"""
        sw-core {RouterChain.R1}
        sw-dist-2 {RouterChain.R2}
        far-a {RouterChain.FarA}
        far-b {RouterChain.FarB}
        """;

    [Theory]
    [InlineData(IcmpSocketMode.Raw)]
    [InlineData(IcmpSocketMode.Datagram)]
    public async Task Should_name_the_last_router_that_answers_When_the_middle_link_is_cut(IcmpSocketMode mode)
    {
        // Given: every host answering
        AllowPingSockets();
        using var run = new NamespaceMonitor(_chain.Client, Rows, Timing(200, 500), mode: mode);
        run.Start();
        await Until(run, s => s.Targets.All(t => t.Status == TargetStatus.Up));

        // When: the link after r2 goes
        _chain.CutMiddle(true);

        // Then: both far hosts go red, and their trace stops after r2, named after its row
        MonitorSnapshot seen = await Until(run, s => Far(s).All(t => t.Status == TargetStatus.Down && t.Trace is { Final: true }));
        foreach (TargetView far in Far(seen))
        {
            PathTrace trace = far.Trace!;
            Assert.True(trace.LastAnswer?.Address?.ToString() == RouterChain.R2 && trace.LastAnswer.Note == "network unreachable", Describe(trace));
            Assert.False(trace.Reached);
            Assert.Equal(RouterChain.R2, trace.LastAnswer?.Address?.ToString());
            Assert.Equal("sw-dist-2", trace.LastAnswer?.Name);
            Assert.Equal([RouterChain.R1, RouterChain.R2], trace.Hops.Take(2).Select(h => h.Address?.ToString()));
            Assert.Equal("network unreachable", trace.LastAnswer?.Note);
            Assert.Equal($"last answer from {RouterChain.R2} (sw-dist-2)", far.LastAnswer);
        }

        // One trace for both: they sit in one /24 behind the same break
        Assert.Equal((1, 1), (seen.TracesStarted, seen.TracesJoined));
    }

    [Fact]
    public async Task Should_reach_the_far_side_past_a_router_that_says_nothing_When_traced_live()
    {
        // Given: r3 forwards but never says "time exceeded"
        _chain.SilenceRouter3();
        using var run = new NamespaceMonitor(_chain.Client, Rows, Timing(200, 500));
        run.Start();
        await Until(run, s => s.Targets.All(t => t.Status == TargetStatus.Up));

        // When: traced live, as t on the screen does
        TargetView farA = run.Monitor.Snapshot().Targets.Single(t => t.Spec.Name == "far-a");
        await run.Monitor.Focus(farA.Id);
        await run.Monitor.TraceLive(farA.Id);

        // Then: pass after pass, r3 is * and the far host answers at hop 4
        MonitorSnapshot seen = await Until(run, s => s.Focused?.LiveTrace is { Passes: >= 3 });
        PathTrace live = seen.Focused!.LiveTrace!;
        Assert.True(live.Reached);
        Assert.Equal([RouterChain.R1, RouterChain.R2, null, RouterChain.FarA], live.Hops.Select(h => h.Address?.ToString()));
        Assert.Equal(100, live.Hops[2].LossPercent);
        Assert.All(live.Hops.Where(h => h.Address is not null), h => Assert.Equal(0, h.LossPercent));
        Assert.All(live.Hops.Where(h => h.Address is not null), h => Assert.True(h.Best <= h.Average && h.Average <= h.Worst));

        // And stopped, the picture no longer carries it
        await run.Monitor.TraceLive(null);
        await Until(run, s => s.Focused is { LiveTrace: null });
    }

    [Fact]
    public async Task Should_say_the_path_changed_with_both_paths_When_the_route_goes_around_the_middle_router()
    {
        // Given: far-a traced every second while it answers
        using var run = new NamespaceMonitor(_chain.Client, $"far-a {RouterChain.FarA} trace=on trace-every=1s", Timing(200, 500));
        var changes = new System.Collections.Concurrent.ConcurrentQueue<TraceEvent>();
        run.Monitor.Traced += e => changes.Enqueue(e);
        run.Start();
        await Until(run, s => s.Targets.Single().Trace is { Reached: true });

        // When: r1 sends the far side's traffic through r2b
        _chain.Detour(true);

        // Then: a "path changed" event with the old path and the new
        await Until(run, _ => changes.Any(e => e.PathChanged));
        TraceEvent changed = changes.First(e => e.PathChanged);
        Assert.Equal(RouterChain.R2, changed.Before!.Hops[1].Address?.ToString());
        Assert.Equal(RouterChain.R2b, changed.Trace.Hops[1].Address?.ToString());
        Assert.True(changed.Trace.Reached);
        Assert.Equal(1, run.Monitor.Snapshot().Targets.Single().PathChanges);
    }

    private static string Describe(PathTrace trace) =>
        string.Join(" | ", trace.Hops.Select(h => $"{h.Distance} {h.Label} {h.Received}/{h.Sent} {h.Note}"));

    private static IEnumerable<TargetView> Far(MonitorSnapshot s) => s.Targets.Where(t => t.Spec.Name.StartsWith("far", StringComparison.Ordinal));

    private static async Task<MonitorSnapshot> Until(NamespaceMonitor run, Func<MonitorSnapshot, bool> condition)
    {
        using var limit = new CancellationTokenSource(s_limit);
        while (true)
        {
            MonitorSnapshot snapshot = await run.Monitor.FreshSnapshotAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(100, limit.Token);
        }
    }

    private void AllowPingSockets() => _chain.Lab.Sysctl(_chain.Client, "net.ipv4.ping_group_range=0 2147483647");

    public void Dispose() => _chain.Dispose();
}
