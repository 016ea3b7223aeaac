using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Probing.Trace;
using DeadMan.IntegrationTests.Icmp;
using DeadMan.IntegrationTests.Lab;
using Xunit.Abstractions;
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
    private readonly ITestOutputHelper _output;

    public PathTraceTests(ITestOutputHelper output) => _output = output;

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
    public async Task Should_send_one_trace_and_a_handful_of_echoes_When_200_hosts_behind_one_cut_link_fail_together()
    {
        // Given: 200 hosts on the far side, all answering; r1 counts the trace's echoes (TTL under 32: the rounds'
        // leave with 64)
        string[] addresses = [.. Enumerable.Range(10, 200).Select(i => $"198.18.14.{i}")];
        string batch = Path.GetTempFileName();
        File.WriteAllLines(batch, addresses.Select(a => $"addr add {a}/24 dev {_chain.FarLink}"));
        Shell.Run("ip", "-n", _chain.Far, "-batch", batch);
        File.Delete(batch);
        _chain.Lab.Exec(_chain.Router1, "nft", "add table inet dmt");
        _chain.Lab.Exec(_chain.Router1, "nft", "add chain inet dmt pre { type filter hook prerouting priority 0 ; }");
        _chain.Lab.Exec(_chain.Router1, "nft", "add rule inet dmt pre icmp type echo-request ip ttl < 32 counter");
        using var run = new NamespaceMonitor(_chain.Client, string.Join('\n', addresses.Select((a, i) => $"ap-{i} {a}")), Timing(500, 500));
        run.Start();
        await Until(run, s => s.Targets.All(t => t.Status == TargetStatus.Up));

        // When: the far side's link goes (cut at r2 instead, r2's "network unreachable" for 200 hosts' rounds spends
        // the allowance of such errors Linux gives a router, five then one a second, and the trace's hop 2 is silent)
        _chain.Lab.SetLink(_chain.Far, _chain.FarLink, up: false);

        // Then: every host red with the trace naming r3, the last router, from one trace
        MonitorSnapshot seen = await Until(run, s => s.Targets.All(t => t.Status == TargetStatus.Down && t.Trace is { Final: true }));
        Assert.All(seen.Targets, t => Assert.Equal(RouterChain.R3, t.Trace!.LastAnswer?.Address?.ToString()));
        long echoes = long.Parse(System.Text.RegularExpressions.Regex.Match(_chain.Lab.Exec(_chain.Router1, "nft", "list chain inet dmt pre"), @"packets (\d+)").Groups[1].Value,
                                 System.Globalization.CultureInfo.InvariantCulture);
        _output.WriteLine($"200 hosts down behind one cut link: {seen.TracesStarted} trace started, {seen.TracesJoined} hosts given its result, {echoes} trace echoes seen at r1");
        Assert.Equal((1, 199), (seen.TracesStarted, seen.TracesJoined));
        Assert.InRange(echoes, 3, 30);
    }

    [Fact]
    public async Task Should_reach_the_far_side_past_a_router_that_says_nothing_When_traced_live()
    {
        // Given: r3 forwards but never says "time exceeded"
        _chain.Silence(_chain.Router3);
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
    public async Task Should_trace_past_a_silent_router_to_where_the_path_stops_When_the_far_side_is_cut()
    {
        // Given: r2, the second hop (the last of the first pass's first step), forwards but never says "time
        // exceeded"; every host answering
        _chain.Silence(_chain.Router2);
        using var run = new NamespaceMonitor(_chain.Client, Rows, Timing(200, 500));
        run.Start();
        await Until(run, s => s.Targets.All(t => t.Status == TargetStatus.Up));

        // When: the far side's link goes
        _chain.Lab.SetLink(_chain.Far, _chain.FarLink, up: false);

        // Then: the trace goes on past the silent hop and names r3, the last router before the break
        MonitorSnapshot seen = await Until(run, s => Far(s).All(t => t.Status == TargetStatus.Down && t.Trace is { Final: true }));
        PathTrace trace = Far(seen).First().Trace!;
        Assert.Equal([RouterChain.R1, null, RouterChain.R3], trace.Hops.Take(3).Select(h => h.Address?.ToString()));
        Assert.Equal(RouterChain.R3, trace.LastAnswer?.Address?.ToString());
    }

    [Fact]
    public async Task Should_say_the_path_changed_with_both_paths_When_the_route_goes_around_the_middle_router()
    {
        // Given: far-a traced every second while it answers
        using var run = new NamespaceMonitor(_chain.Client, $"far-a {RouterChain.FarA} trace=on trace-every=1s", Timing(200, 500));
        var changes = new System.Collections.Concurrent.ConcurrentQueue<TraceEvent>();
        run.Monitor.Traced += e => changes.Enqueue(e);
        run.Start();
        await Until(run, s => s.Targets.Single().Trace is { Reached: true, Final: true });

        // When: r1 sends the far side's traffic through r2b
        _chain.Detour(true);

        // Then: a "path changed" event with the old path and the new
        await Until(run, _ => changes.Any(e => e.PathChanged));
        TraceEvent changed = changes.First(e => e.PathChanged);
        Assert.Equal(RouterChain.R2, changed.Before!.Hops[1].Address?.ToString());
        Assert.Equal(RouterChain.R2b, changed.Trace.Hops[1].Address?.ToString());
        Assert.True(changed.Trace.Reached);
        // and the host's count of changes, in the next picture published (events are told before it)
        await Until(run, s => s.Targets.Single().PathChanges == 1);
    }

    [Fact]
    public void Should_leave_from_where_the_probes_leave_When_a_host_is_probed_from_a_namespace_or_a_source_address()
    {
        // Given: the far host probed from the client, from its second address, and from the side namespace, by the
        // built deadman in the client namespace; the far host's link is down
        (string source, string side) = _chain.AddSideDoors();
        _chain.Lab.SetLink(_chain.Far, _chain.FarLink, up: false);
        string directory = Directory.CreateTempSubdirectory("dmt-trace-").FullName;
        try
        {
            string config = Path.Combine(directory, "deadman.conf");
            File.WriteAllText(config, $"""
                plain {RouterChain.FarA}
                sourced {RouterChain.FarA} source={source}
                sided {RouterChain.FarA} via=netns netns={side}
                """);

            // When
            var targets = DeadmanReport.Targets(_chain.Client, config, "--count", "6", "-i", "500ms");

            // Then: each trace's first router is the one its probes meet first, and it says where it left from
            Assert.Equal(RouterChain.R1, FirstHop(targets["plain"]));
            Assert.Equal(RouterChain.SourceRouter, FirstHop(targets["sourced"]));
            Assert.Equal(RouterChain.SideRouter, FirstHop(targets["sided"]));
            Assert.Equal(source, targets["sourced"].GetProperty("trace").GetProperty("from").GetString());
            Assert.Equal($"netns {side}", targets["sided"].GetProperty("trace").GetProperty("from").GetString());
            // and the last router before the far host's dead link is r3, whichever way it was reached
            Assert.All(targets.Values, t => Assert.Contains(t.GetProperty("trace").GetProperty("last_answer").GetString(), new[] { RouterChain.R3, RouterChain.R3ViaR2b }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Should_notify_the_command_with_both_paths_When_a_trace_on_hosts_route_changes_and_path_changed_is_on()
    {
        // Given: the built deadman in the client namespace tracing far-a every second while it answers, path changes
        // notified to a command
        string directory = Directory.CreateTempSubdirectory("dmt-trace-").FullName;
        try
        {
            string config = Path.Combine(directory, "deadman.conf");
            File.WriteAllText(config, $"sw-core {RouterChain.R1}\nfar-a {RouterChain.FarA} trace=on trace-every=1s\n");
            string env = Path.Combine(directory, "alert.env");
            File.WriteAllText(Path.Combine(directory, "deadman.toml"), $"""
                [alert]
                group_wait = "1s"
                path_changed = true
                [[alert.exec]]
                command = ["/bin/sh", "-c", "env | grep '^DEADMAN_' > {env}"]
                """);
            using var processes = new NamespaceProcesses();
            var live = processes.Start(_chain.Client, DeadmanBinary.Path, "-i", "500ms", config);
            WaitFor(() => processes.OutputOf(live).Contains("UP        far-a", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
            Thread.Sleep(2500);

            // When: r1 sends the far side's traffic around r2
            _chain.Detour(true);

            // Then: the command is told at once, with both paths; the live log says it too
            WaitFor(() => File.Exists(env), TimeSpan.FromSeconds(20));
            string said = File.ReadAllText(env);
            Assert.Contains("DEADMAN_EVENT=path_changed", said, StringComparison.Ordinal);
            Assert.Contains($"DEADMAN_SUMMARY=far-a path changed: sw-core → {RouterChain.R2b} → ", said, StringComparison.Ordinal);
            Assert.Contains($"(was sw-core → {RouterChain.R2} → ", said, StringComparison.Ordinal);
            WaitFor(() => processes.OutputOf(live).Contains("PATH", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            Assert.Contains($"path changed: sw-core → {RouterChain.R2b}", processes.OutputOf(live), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Should_name_hops_by_reverse_dns_asked_from_where_the_trace_leaves_When_the_host_list_does_not()
    {
        // Given: a resolver of the test's own on loopback in the client namespace and another in the side namespace
        // (no route out of either: no question reaches another resolver), each naming the routers as they are known
        // there, and each namespace's /etc/netns/NAME/resolv.conf naming its own; r1 is also a row; far-a's link down
        (string source, string side) = _chain.AddSideDoors();
        _chain.Lab.SetLink(_chain.Far, _chain.FarLink, up: false);
        string directory = Directory.CreateTempSubdirectory("dmt-trace-").FullName;
        var processes = new NamespaceProcesses();
        try
        {
            Resolver(processes, _chain.Client, directory, (RouterChain.R1, "r1.client.test"), (RouterChain.R2, "r2.client.test"),
                     (RouterChain.R3, "r3.client.test"), (RouterChain.SourceRouter, "r2b.client.test"), (RouterChain.R3ViaR2b, "r3-b.client.test"));
            Resolver(processes, side, directory, (RouterChain.SideRouter, "r2b.side.test"), (RouterChain.R3ViaR2b, "r3-b.side.test"));
            string config = Path.Combine(directory, "deadman.conf");
            File.WriteAllText(config, $"""
                sw-core {RouterChain.R1}
                plain {RouterChain.FarA}
                sourced {RouterChain.FarA} source={source}
                sided {RouterChain.FarA} via=netns netns={side}
                """);

            // When: the built deadman in the client namespace (ip netns exec puts the client's resolv.conf in place)
            var targets = DeadmanReport.Targets(_chain.Client, config, "--count", "6", "-i", "500ms");

            // Then: each trace's routers named by the resolver of the place it left from; a row's name wins
            Assert.Equal(["sw-core", "r2.client.test", "r3.client.test"], HopNames(targets["plain"]).Take(3));
            Assert.Equal(["r2b.client.test", "r3-b.client.test"], HopNames(targets["sourced"]).Take(2));
            Assert.Equal(["r2b.side.test", "r3-b.side.test"], HopNames(targets["sided"]).Take(2));
            Assert.Equal("r3.client.test", targets["plain"].GetProperty("trace").GetProperty("last_answer_name").GetString());

            // and with --no-hop-names, only the row's
            var numeric = DeadmanReport.Targets(_chain.Client, config, "--count", "6", "-i", "500ms", "--no-hop-names");
            Assert.Equal(["sw-core", null, null], HopNames(numeric["plain"]).Take(3));
        }
        finally
        {
            processes.Dispose(); // the resolvers stop before their namespaces go
            foreach (string ns in new[] { _chain.Client, side })
            {
                if (Directory.Exists($"/etc/netns/{ns}"))
                {
                    Directory.Delete($"/etc/netns/{ns}", recursive: true);
                }
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<string?> HopNames(JsonElement target) =>
        target.GetProperty("trace").GetProperty("hops").EnumerateArray().Select(h => h.TryGetProperty("name", out JsonElement n) ? n.GetString() : null);

    // Debian's dnsmasq on 127.0.0.1 in the namespace, answering PTR questions for these addresses (no others: it
    // has no upstream), and the namespace's resolv.conf naming it.
    private static void Resolver(NamespaceProcesses processes, string ns, string directory, params (string Address, string Name)[] names)
    {
        processes.Start(ns, ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            "--bind-interfaces", "--listen-address=127.0.0.1", "--port=53", "--user=root", $"--pid-file={Path.Combine(directory, ns + ".pid")}",
            .. names.Select(n => $"--ptr-record={DeadMan.Core.Probing.Dns.DnsQuery.ReverseName(System.Net.IPAddress.Parse(n.Address))},{n.Name}")]);
        Assert.True(SpinWait.SpinUntil(() => Shell.RunChecked(["ip", "netns", "exec", ns, "ss", "-Hlun", "sport", "= :53"]).Output.Contains("127.0.0.1", StringComparison.Ordinal),
                                       TimeSpan.FromSeconds(10)), $"dnsmasq did not start listening in {ns}");
        Directory.CreateDirectory($"/etc/netns/{ns}");
        File.WriteAllText($"/etc/netns/{ns}/resolv.conf", "nameserver 127.0.0.1\n");
    }

    private static string? FirstHop(JsonElement target) => target.GetProperty("trace").GetProperty("hops")[0].GetProperty("address").GetString();

    [Fact]
    public void Should_carry_the_trace_in_the_report_the_event_log_and_the_alert_When_the_binary_runs_behind_a_cut_link()
    {
        // Given: the built deadman in the client namespace, an exec alert route writing its environment, the link
        // after r2 cut from the start
        string directory = Directory.CreateTempSubdirectory("dmt-trace-").FullName;
        try
        {
            string config = Path.Combine(directory, "deadman.conf");
            File.WriteAllText(config, Rows);
            string env = Path.Combine(directory, "alert.env");
            File.WriteAllText(Path.Combine(directory, "deadman.toml"), $"""
                [alert]
                group_wait = "2s"
                [[alert.exec]]
                command = ["/bin/sh", "-c", "env | grep '^DEADMAN_' > {env}"]
                """);
            _chain.CutMiddle(true);

            // When
            var targets = DeadmanReport.Targets(_chain.Client, config, "--count", "8", "-i", "500ms", "-l", directory);

            // Then: the report names where the path stops
            JsonElement trace = targets["far-a"].GetProperty("trace");
            Assert.Equal(RouterChain.R2, trace.GetProperty("last_answer").GetString());
            Assert.Equal("sw-dist-2", trace.GetProperty("last_answer_name").GetString());
            Assert.False(trace.GetProperty("reached").GetBoolean());
            Assert.Equal(RouterChain.R1, trace.GetProperty("hops")[0].GetProperty("address").GetString());
            // the event log has the trace, with its hops
            string[] events = File.ReadAllLines(Path.Combine(directory, "deadman-events.jsonl"));
            var traced = events.Select(e => JsonDocument.Parse(e).RootElement).Where(e => e.GetProperty("event").GetString() == "trace").ToList();
            JsonElement farA = Assert.Single(traced, e => e.GetProperty("name").GetString() == "far-a");
            Assert.Equal($"last answer from {RouterChain.R2} (sw-dist-2)", farA.GetProperty("last_answer").GetString());
            Assert.Equal(RouterChain.R2, farA.GetProperty("hops")[1].GetProperty("address").GetString());

            // When: watched live (a live log, as the output is no terminal), where alerts go out
            using (var processes = new NamespaceProcesses())
            {
                var live = processes.Start(_chain.Client, DeadmanBinary.Path, "-i", "500ms", config);
                WaitFor(() => File.Exists(env) && File.ReadAllText(env).Contains("DEADMAN_LAST_HOP=", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

                // Then: the alert says the last hop that answered, a line a host, and the live log says where it stops
                string said = File.ReadAllText(env);
                Assert.Contains("DEADMAN_EVENT=down", said, StringComparison.Ordinal);
                Assert.Contains($"{RouterChain.R2} (sw-dist-2)", said.Split("DEADMAN_LAST_HOP=")[1].Split('\n').Take(2));
                WaitFor(() => processes.OutputOf(live).Contains("TRACE", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
                Assert.Matches($@"TRACE +far-a +{RouterChain.FarA.Replace(".", @"\.", StringComparison.Ordinal)} +stops after {RouterChain.R2.Replace(".", @"\.", StringComparison.Ordinal)} \(sw-dist-2\), hop 2: network unreachable",
                               processes.OutputOf(live));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within the time allowed");
            Thread.Sleep(100);
        }
    }

    private static string Describe(PathTrace trace) =>
        string.Join(" | ", trace.Hops.Select(h => $"{h.Distance} {h.Label} {h.Received}/{h.Sent} {h.Note}"));

    private static IEnumerable<TargetView> Far(MonitorSnapshot s) => s.Targets.Where(t => t.Spec.Name.StartsWith("far", StringComparison.Ordinal));

    private static async Task<MonitorSnapshot> Until(NamespaceMonitor run, Func<MonitorSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + s_limit;
        while (true)
        {
            MonitorSnapshot snapshot = await run.Monitor.FreshSnapshotAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }

            Assert.True(DateTime.UtcNow < deadline, "not within the time allowed; the hosts: "
                + string.Join(", ", snapshot.Targets.Select(t => $"{t.Spec.Name} {t.Status} {t.Why} {(t.Trace is { } trace ? Describe(trace) : "")}")));
            await Task.Delay(100);
        }
    }

    private void AllowPingSockets() => _chain.Lab.Sysctl(_chain.Client, "net.ipv4.ping_group_range=0 2147483647");

    public void Dispose() => _chain.Dispose();
}
