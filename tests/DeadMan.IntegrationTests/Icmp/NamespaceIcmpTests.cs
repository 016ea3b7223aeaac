using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.IntegrationTests.Lab;
using static DeadMan.IntegrationTests.Icmp.NamespaceMonitor;

namespace DeadMan.IntegrationTests.Icmp;

/// <summary>The ICMP engine across real links between namespaces, with delay, loss, errors and a pulled cable.</summary>
public sealed class NamespaceIcmpTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private readonly TwoHosts _hosts = new();

    [Fact]
    public async Task Should_measure_about_20ms_When_the_host_answers_after_20ms()
    {
        // Given
        using var responder = EchoResponder.StartIn(_hosts.Lab, _hosts.Target, TimeSpan.FromMilliseconds(20));
        using var run = new NamespaceMonitor(_hosts.Client, $"far {TwoHosts.TargetAddress}", Timing(100, 1000), rounds: 30);

        // When
        TargetView far = (await run.RunToCompletionAsync(s_limit))["far"];

        // Then
        Assert.Equal(30, far.Received);
        Assert.InRange(far.Rtt.Min.TotalMilliseconds, 20.0, 22.0);
        Assert.InRange(far.Rtt.Average!.Value.TotalMilliseconds, 20.0, 22.0);
        Assert.Equal((byte)64, far.Ttl);
    }

    [Fact]
    public async Task Should_report_jitter_When_the_delay_varies()
    {
        // Given: 30 ms ± 10 ms
        using var responder = EchoResponder.StartIn(_hosts.Lab, _hosts.Target, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(10));
        using var run = new NamespaceMonitor(_hosts.Client, $"wobbly {TwoHosts.TargetAddress}", Timing(100, 1000), rounds: 40);

        // When
        TargetView wobbly = (await run.RunToCompletionAsync(s_limit))["wobbly"];

        // Then: uniform ±10 ms gives a mean consecutive difference of about 6.7 ms
        Assert.InRange(wobbly.Rtt.Jitter!.Value.TotalMilliseconds, 3.0, 12.0);
        Assert.InRange(wobbly.Rtt.Min.TotalMilliseconds, 19.5, 30.0);
        // The responder answers from user space: on a busy 2-core machine the odd reply leaves a few ms after its
        // 40 ms at most (42.02 ms was seen while a build ran beside the tests).
        Assert.InRange(wobbly.Rtt.Max.TotalMilliseconds, 30.0, 48.0);
    }

    [Fact]
    public async Task Should_measure_about_30_percent_loss_When_30_percent_of_requests_are_dropped()
    {
        // Given: nftables in the target drops 30 % of echo requests at random
        _hosts.Lab.Exec(_hosts.Target, "nft", "add table inet dmt");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add chain inet dmt input { type filter hook input priority 0 ; }");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add rule inet dmt input icmp type echo-request numgen random mod 100 < 30 drop");
        using var run = new NamespaceMonitor(_hosts.Client, $"lossy {TwoHosts.TargetAddress}", Timing(10, 500), rounds: 600);

        // When
        TargetView lossy = (await run.RunToCompletionAsync(s_limit))["lossy"];

        // Then: binomial, n=600, p=0.3: σ ≈ 1.9 %, so ±7 is over 3.5σ
        Assert.Equal(600, lossy.Sent);
        Assert.InRange(lossy.LossPercent, 23.0, 37.0);
    }

    [Fact]
    public async Task Should_go_down_within_interval_plus_timeout_and_back_up_When_the_link_is_pulled_and_restored()
    {
        // Given
        var timing = Timing(200, 300);
        TimeSpan allowance = timing.Interval + timing.Timeout + TimeSpan.FromMilliseconds(150);
        using var run = new NamespaceMonitor(_hosts.Client, $"cable {TwoHosts.TargetAddress}", timing);
        var changes = new System.Collections.Concurrent.BlockingCollection<StateChange>();
        run.Monitor.StateChanged += changes.Add;
        run.Start();
        Assert.Equal(TargetStatus.Up, Next(changes).To);

        // A first pull and plug while the process is fresh, so JIT compilation of the failure paths is not timed.
        _hosts.Lab.SetLink(_hosts.Target, _hosts.TargetLink, up: false);
        Assert.Equal(TargetStatus.Down, Next(changes).To);
        _hosts.Lab.SetLink(_hosts.Target, _hosts.TargetLink, up: true);
        Assert.Equal(TargetStatus.Up, Next(changes).To);

        // When: the cable is pulled at the target. The change lands somewhere while `ip` runs, and on a loaded CI
        // machine starting and reaping `ip` alone has taken most of a second: so a change counts from when `ip`
        // started, and the allowance from when it was done.
        DateTimeOffset pulling = DateTimeOffset.UtcNow;
        _hosts.Lab.SetLink(_hosts.Target, _hosts.TargetLink, up: false);
        DateTimeOffset pulled = DateTimeOffset.UtcNow;
        StateChange down = Next(changes);

        // and put back
        DateTimeOffset restoring = DateTimeOffset.UtcNow;
        _hosts.Lab.SetLink(_hosts.Target, _hosts.TargetLink, up: true);
        DateTimeOffset restored = DateTimeOffset.UtcNow;
        StateChange up = Next(changes);

        // Then
        Assert.Equal(TargetStatus.Down, down.To);
        Assert.InRange(down.At, pulling, pulled + allowance);
        Assert.Equal(TargetStatus.Up, up.To);
        // The kernel's linkwatch applies a carrier coming back up lazily (up to a second): only then does traffic flow.
        Assert.InRange(up.At, restoring, restored + allowance + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(IcmpSocketMode.Raw)]
    [InlineData(IcmpSocketMode.Datagram)]
    public async Task Should_report_unreachable_not_timeout_When_a_router_says_so(IcmpSocketMode mode)
    {
        // Given: the target routes for 198.18.99.0/24 and answers "host unreachable" for it
        AllowPingSockets();
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv4.ip_forward=1");
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv4.icmp_ratelimit=0");
        _hosts.Lab.Exec(_hosts.Target, "ip", "route", "add", "unreachable", "198.18.99.0/24");
        _hosts.Lab.Exec(_hosts.Client, "ip", "route", "add", "198.18.99.0/24", "via", TwoHosts.TargetAddress);
        using var run = new NamespaceMonitor(_hosts.Client, "beyond 198.18.99.1", Timing(200, 1000), rounds: 3, mode);

        // When
        TargetView beyond = (await run.RunToCompletionAsync(s_limit))["beyond"];

        // Then: every round says why, none is a mere timeout. Seen once in CI (a round a timeout, raw sockets, not
        // again in nine runs here, four of them under load): whether the engine read an error it did not match says
        // whose fault a next one is, ours or the router's.
        Assert.Equal(TargetStatus.Down, beyond.Status);
        Assert.True(Rounds(beyond).All(e => e.Outcome == ProbeOutcome.Unreachable),
                    $"rounds {string.Join(", ", Rounds(beyond).Select(e => e.Outcome))}; ICMP packets read that answered no probe: {run.DroppedPackets}");
        Assert.Contains("host unreachable", beyond.LastResult?.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IcmpSocketMode.Raw)]
    [InlineData(IcmpSocketMode.Datagram)]
    public async Task Should_report_time_exceeded_When_packets_loop_between_routers(IcmpSocketMode mode)
    {
        // Given: the target and a third router each route 198.18.98.0/24 to the other, so packets loop until TTL runs out
        AllowPingSockets();
        string router = _hosts.Lab.AddNamespace("r");
        _hosts.Lab.Link(_hosts.Target, "198.18.1.1/24", router, "198.18.1.2/24");
        foreach (string ns in new[] { _hosts.Target, router })
        {
            _hosts.Lab.Sysctl(ns, "net.ipv4.ip_forward=1");
            _hosts.Lab.Sysctl(ns, "net.ipv4.icmp_ratelimit=0");
        }

        _hosts.Lab.Exec(_hosts.Client, "ip", "route", "add", "198.18.98.0/24", "via", TwoHosts.TargetAddress);
        _hosts.Lab.Exec(_hosts.Target, "ip", "route", "add", "198.18.98.0/24", "via", "198.18.1.2");
        _hosts.Lab.Exec(router, "ip", "route", "add", "198.18.98.0/24", "via", "198.18.1.1");
        _hosts.Lab.Exec(router, "ip", "route", "add", "198.18.0.0/24", "via", "198.18.1.1");
        using var run = new NamespaceMonitor(_hosts.Client, "looped 198.18.98.1", Timing(200, 1000), rounds: 3, mode);

        // When
        TargetView looped = (await run.RunToCompletionAsync(s_limit))["looped"];

        // Then
        Assert.Equal(TargetStatus.Down, looped.Status);
        Assert.All(Rounds(looped), e => Assert.Equal(ProbeOutcome.TimeExceeded, e.Outcome));
    }

    [Theory]
    [InlineData(IcmpSocketMode.Raw, TwoHosts.TargetAddress)]
    [InlineData(IcmpSocketMode.Datagram, TwoHosts.TargetAddress)]
    [InlineData(IcmpSocketMode.Raw, TwoHosts.TargetAddressV6)]
    [InlineData(IcmpSocketMode.Datagram, TwoHosts.TargetAddressV6)]
    public async Task Should_answer_with_ttl_When_probing_over_each_socket_kind_and_family(IcmpSocketMode mode, string address)
    {
        // Given
        AllowPingSockets();
        using var run = new NamespaceMonitor(_hosts.Client, $"peer {address}", Timing(100, 1000), rounds: 10, mode);

        // When
        TargetView peer = (await run.RunToCompletionAsync(s_limit))["peer"];

        // Then
        Assert.Equal(10, peer.Received);
        Assert.Equal((byte)64, peer.Ttl);
        Assert.Equal(TargetStatus.Up, peer.Status);
    }

    [Fact]
    public async Task Should_count_timeouts_only_When_replies_arrive_after_the_timeout()
    {
        // Given: replies 600 ms late for a 300 ms timeout
        using var responder = EchoResponder.StartIn(_hosts.Lab, _hosts.Target, TimeSpan.FromMilliseconds(600));
        using var run = new NamespaceMonitor(_hosts.Client, $"late {TwoHosts.TargetAddress}", Timing(100, 300), rounds: 10);

        // When
        await run.RunToCompletionAsync(s_limit);

        // Then: every late reply was read, and none of them counted
        Assert.True(SpinWait.SpinUntil(() => run.DroppedPackets >= 10, s_limit), $"{run.DroppedPackets} late replies read");
        TargetView late = run.Monitor.Snapshot().Targets.Single();
        Assert.Equal(10, late.Sent);
        Assert.Equal(0, late.Received);
        Assert.True(responder.Requests >= 10);
    }

    [Fact]
    public async Task Should_count_each_reply_once_When_the_host_answers_twice()
    {
        // Given
        using var responder = EchoResponder.StartIn(_hosts.Lab, _hosts.Target, TimeSpan.FromMilliseconds(1), copies: 2);
        using var run = new NamespaceMonitor(_hosts.Client, $"echo {TwoHosts.TargetAddress}", Timing(50, 1000), rounds: 20);

        // When
        TargetView echo = (await run.RunToCompletionAsync(s_limit))["echo"];

        // Then
        Assert.Equal(20, echo.Sent);
        Assert.Equal(20, echo.Received);
        Assert.Equal(0, echo.LossPercent);
    }

    [Fact]
    public void Should_end_every_probe_as_no_reply_saying_where_the_reply_came_from_When_the_host_answers_from_another_address()
    {
        // Given: pings to .3 are answered, but from .2 (a router answering from its uplink, a NAT, an anycast node)
        _hosts.Lab.Exec(_hosts.Target, "ip", "address", "add", "198.18.0.3/24", "dev", _hosts.TargetLink);
        using var responder = EchoResponder.StartIn(_hosts.Lab, _hosts.Target, TimeSpan.FromMilliseconds(1), answerFrom: TwoHosts.TargetAddress);
        string config = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, "elsewhere 198.18.0.3\n");

        // When
        var (exit, output, error) = Shell.RunChecked(["ip", "netns", "exec", _hosts.Client, DeadmanReport.Binary, "--count", "5", "-i", "200ms", "-t", "300ms", "--json", config],
                                                     limit: TimeSpan.FromSeconds(60));
        File.Delete(config);

        // Then: every round ended, as no reply, with the reason; the run did not stop early
        Assert.True(responder.Replies >= 5, $"the responder answered {responder.Replies} times");
        Assert.Equal(1, exit);
        Assert.DoesNotContain("stopped before", error, StringComparison.Ordinal);
        JsonElement target = JsonDocument.Parse(output).RootElement.GetProperty("targets")[0];
        Assert.Equal(5, target.GetProperty("sent").GetInt32());
        Assert.Equal(0, target.GetProperty("received").GetInt32());
        Assert.Equal("down", target.GetProperty("state").GetString());
        Assert.Equal("timeout", target.GetProperty("last_outcome").GetString());
        Assert.Equal("reply from 198.18.0.2, not 198.18.0.3", target.GetProperty("note").GetString());
    }

    private void AllowPingSockets() => _hosts.Lab.Sysctl(_hosts.Client, "net.ipv4.ping_group_range=0 2147483647");

    private static StateChange Next(System.Collections.Concurrent.BlockingCollection<StateChange> changes) =>
        changes.TryTake(out StateChange? change, TimeSpan.FromSeconds(10)) ? change : throw new TimeoutException("no state change");

    public void Dispose() => _hosts.Dispose();
}
