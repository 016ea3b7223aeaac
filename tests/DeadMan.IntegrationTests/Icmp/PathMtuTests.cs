using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.IntegrationTests.Lab;
using static DeadMan.IntegrationTests.Icmp.NamespaceMonitor;

namespace DeadMan.IntegrationTests.Icmp;

/// <summary>
/// Issue 33: echoes of a given size over a path that cannot carry them. The client reaches a far host through a router
/// (the two-host lab's target) whose link to it carries 1400 bytes; the router answers "fragmentation needed" /
/// "packet too big", or with nftables drops long packets without a word.
/// </summary>
public sealed class PathMtuTests : IDisposable
{
    private const string Far = "198.18.2.2";
    private const string FarV6 = "fdde:ad:2::2";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private readonly TwoHosts _hosts = new();
    private readonly string _far;
    private readonly string _farLink;
    private readonly string _routerLink;

    public PathMtuTests()
    {
        // Should the client's sockets ever be opened outside its namespace, the far range goes nowhere from here.
        Shell.RunChecked(["ip", "route", "add", "blackhole", "198.18.2.0/24"]);
        Shell.RunChecked(["ip", "-6", "route", "add", "blackhole", "fdde:ad:2::/64"]);
        _far = _hosts.Lab.AddNamespace("f");
        (_routerLink, _farLink) = _hosts.Lab.Link(_hosts.Target, "198.18.2.1/24", _far, Far + "/24", "fdde:ad:2::1/64", FarV6 + "/64");
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv4.ip_forward=1");
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv6.conf.all.forwarding=1");
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv4.icmp_ratelimit=0");
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv6.icmp.ratelimit=0");
        _hosts.Lab.Exec(_hosts.Client, "ip", "route", "add", "198.18.2.0/24", "via", TwoHosts.TargetAddress);
        _hosts.Lab.Exec(_hosts.Client, "ip", "-6", "route", "add", "fdde:ad:2::/64", "via", TwoHosts.TargetAddressV6);
        _hosts.Lab.Exec(_far, "ip", "route", "add", "198.18.0.0/24", "via", "198.18.2.1");
        _hosts.Lab.Exec(_far, "ip", "-6", "route", "add", "fdde:ad::/64", "via", "fdde:ad:2::1");
        _hosts.WaitUntilReachable(Far);
        _hosts.WaitUntilReachable(FarV6);
    }

    private void DropLongPacketsSilently()
    {
        _hosts.Lab.Exec(_hosts.Target, "nft", "add table inet dmt");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add chain inet dmt forward { type filter hook forward priority 0 ; }");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add rule inet dmt forward meta length > 1400 drop");
    }

    private void NarrowTheFarLink()
    {
        _hosts.Lab.Exec(_hosts.Target, "ip", "link", "set", "dev", _routerLink, "mtu", "1400");
        _hosts.Lab.Exec(_far, "ip", "link", "set", "dev", _farLink, "mtu", "1400");
    }

    [Theory]
    [InlineData(IcmpSocketMode.Raw)]
    [InlineData(IcmpSocketMode.Datagram)]
    public async Task Should_say_too_big_naming_the_mtu_and_the_router_When_a_whole_echo_does_not_fit_the_path(IcmpSocketMode mode)
    {
        // Given: 1500-byte echoes (1452 bytes of payload over IPv6) sent whole, and ping-sized ones, over the 1400-byte link
        NarrowTheFarLink();
        AllowPingSockets();
        using var run = new NamespaceMonitor(_hosts.Client,
            $"whole {Far} size=1472 df=on\nwhole6 {FarV6} size=1452 df=on\nsmall {Far} df=on\nsmall6 {FarV6}", Timing(300, 1000), rounds: 4, mode);

        // When
        var targets = await run.RunToCompletionAsync(s_limit);

        // Then: every long round says why, with the router's address on the client's side; ping's size gets through
        foreach (var (name, router) in new[] { ("whole", TwoHosts.TargetAddress), ("whole6", TwoHosts.TargetAddressV6) })
        {
            Assert.Equal(TargetStatus.Down, targets[name].Status);
            Assert.All(Rounds(targets[name]), e => Assert.Equal(ProbeOutcome.TooBig, e.Outcome));
            Assert.Equal($"too big: MTU 1400 at {router}", targets[name].LastResult?.Detail);
        }

        Assert.Equal((4, 4), (targets["small"].Received, targets["small6"].Received));
    }

    [Theory]
    [InlineData(IcmpSocketMode.Raw)]
    [InlineData(IcmpSocketMode.Datagram)]
    public async Task Should_get_answers_in_fragments_When_a_long_echo_may_be_fragmented(IcmpSocketMode mode)
    {
        // Given: the same echoes without df=on. IPv4's leave without DF (the router fragments them); IPv6's are
        // fragmented by the client once the router has said the path's MTU, so only the first may be too big.
        NarrowTheFarLink();
        AllowPingSockets();
        using var run = new NamespaceMonitor(_hosts.Client, $"long {Far} size=1472\nlong6 {FarV6} size=1452", Timing(300, 1000), rounds: 5, mode);

        // When
        var targets = await run.RunToCompletionAsync(s_limit);

        // Then
        Assert.Equal(5, targets["long"].Received);
        Assert.InRange(targets["long6"].Received, 4, 5);
        Assert.Equal(ProbeOutcome.Reply, targets["long6"].LastResult?.Outcome);
        Assert.All(Rounds(targets["long6"]).Where(e => e.Outcome != ProbeOutcome.Reply), e => Assert.Equal(ProbeOutcome.TooBig, e.Outcome));
    }

    [Fact]
    public async Task Should_fail_the_rounds_saying_that_ping_sized_echoes_get_through_When_the_path_drops_long_ones_silently()
    {
        // Given: the router forwards at 1500 bytes but drops anything over 1400 without a word
        DropLongPacketsSilently();
        using var run = new NamespaceMonitor(_hosts.Client, $"eaten {Far} size=1472 df=on\nsmall {Far}", Timing(500, 1000), rounds: 4);

        // When
        var targets = await run.RunToCompletionAsync(s_limit);

        // Then
        TargetView eaten = targets["eaten"];
        Assert.Equal((TargetStatus.Down, 0), (eaten.Status, eaten.Received));
        Assert.Equal("1472 B lost, 56 B answered", eaten.LastResult?.Detail);
        Assert.Equal(4, targets["small"].Received);
    }

    [Theory]
    [InlineData(IcmpSocketMode.Raw)]
    [InlineData(IcmpSocketMode.Datagram)]
    public async Task Should_find_the_path_mtu_When_a_router_says_what_passes(IcmpSocketMode mode)
    {
        // Given
        NarrowTheFarLink();
        AllowPingSockets();
        using var run = new NamespaceMonitor(_hosts.Client, $"far {Far} pmtu=on\nfar6 {FarV6} pmtu=on", Timing(300, 1000), mode: mode);

        // When
        run.Start();

        // Then: both found, and the hosts themselves up (their own echoes are ping-sized)
        Assert.Equal(1400, PathMtuOf(run, "far"));
        Assert.Equal(1400, PathMtuOf(run, "far6"));
        Assert.All((await run.Monitor.FreshSnapshotAsync()).Targets, t => Assert.Equal(TargetStatus.Up, t.Status));
    }

    [Fact]
    public void Should_find_the_path_mtu_by_size_When_the_path_drops_long_packets_silently()
    {
        // Given: 1500 bytes everywhere, but the router drops anything over 1400 without a word
        DropLongPacketsSilently();
        using var run = new NamespaceMonitor(_hosts.Client, $"far {Far} pmtu=on", Timing(300, 500));

        // When
        run.Start();

        // Then
        Assert.Equal(1400, PathMtuOf(run, "far"));
    }

    [Fact]
    public void Should_say_the_path_mtu_changed_When_the_targets_own_echoes_become_too_big()
    {
        // Given: 1428-byte echoes sent whole over a path of 1500, whose MTU is known
        var changes = new System.Collections.Concurrent.BlockingCollection<PathMtuChange>();
        using var run = new NamespaceMonitor(_hosts.Client, $"far {Far} size=1400 df=on pmtu=on", Timing(300, 1000));
        run.Monitor.PathMtuChanged += changes.Add;
        run.Start();
        Assert.Equal(1500, PathMtuOf(run, "far"));

        // When: the far link narrows to 1400
        NarrowTheFarLink();

        // Then: the next too-big echo starts a search, which says the path changed
        Assert.True(changes.TryTake(out PathMtuChange? change, s_limit), "no path MTU change");
        Assert.Equal(("far", 1500, 1400), (change.Target.Spec.Name, change.From, change.To));
    }

    [Fact]
    public void Should_print_the_path_mtu_in_the_json_report_When_the_binary_searches_it()
    {
        // Given
        NarrowTheFarLink();
        string config = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, $"far {Far} pmtu=on\n");

        // When
        var targets = DeadmanReport.Targets(_hosts.Client, config, "--count", "5", "-i", "200ms");
        File.Delete(config);

        // Then
        Assert.Equal(1400, targets["far"].GetProperty("path_mtu").GetInt32());
    }

    [Fact]
    public void Should_print_a_line_in_the_live_log_When_the_path_mtu_changes()
    {
        // Given: the binary with its output not a terminal (the live log: a line per change), its far host found
        // at 1500 bytes
        string config = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, $"far {Far} size=1400 df=on pmtu=on\n");
        var start = new System.Diagnostics.ProcessStartInfo("ip", ["netns", "exec", _hosts.Client, DeadmanReport.Binary, "-i", "300ms", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var deadman = System.Diagnostics.Process.Start(start)!;
        var lines = new System.Collections.Concurrent.BlockingCollection<string>();
        deadman.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lines.Add(line);
            }
        };
        deadman.BeginOutputReadLine();
        try
        {
            Assert.True(Until(lines, l => l.Contains(" UP ", StringComparison.Ordinal)), "far never came up");
            Thread.Sleep(TimeSpan.FromSeconds(2)); // the first search (1500 passes at once) has ended

            // When
            NarrowTheFarLink();

            // Then
            Assert.True(Until(lines, l => l.Contains("PMTU", StringComparison.Ordinal) && l.Contains($"far  {Far}  path MTU 1500 → 1400 bytes", StringComparison.Ordinal)),
                        "no PMTU line");
        }
        finally
        {
            // Stopped before the namespaces go.
            deadman.Kill(entireProcessTree: true);
            deadman.WaitForExit();
            File.Delete(config);
        }
    }

    private static bool Until(System.Collections.Concurrent.BlockingCollection<string> lines, Func<string, bool> wanted)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (lines.TryTake(out string? line, s_limit - waited.Elapsed))
        {
            if (wanted(line))
            {
                return true;
            }
        }

        return false;
    }

    // Waits (bounded) for the target's first search to end, asking for fresh pictures (nobody watches this engine,
    // so it makes none by itself); its bytes, or a failure saying why none.
    private static int PathMtuOf(NamespaceMonitor run, string name)
    {
        PathMtu? found = null;
        Assert.True(SpinWait.SpinUntil(() =>
        {
            Thread.Sleep(50);
            return (found = run.Monitor.FreshSnapshotAsync().GetAwaiter().GetResult().Targets.Single(t => t.Spec.Name == name).PathMtu) is not null;
        }, s_limit), $"no path MTU for {name}");
        return found!.Bytes ?? throw new Xunit.Sdk.XunitException($"{name}: path MTU unknown: {found.UnknownBecause}");
    }

    private void AllowPingSockets() => _hosts.Lab.Sysctl(_hosts.Client, "net.ipv4.ping_group_range=0 2147483647");

    public void Dispose()
    {
        _hosts.Dispose();
        Shell.RunChecked(["ip", "route", "del", "blackhole", "198.18.2.0/24"]);
        Shell.RunChecked(["ip", "-6", "route", "del", "blackhole", "fdde:ad:2::/64"]);
    }
}
