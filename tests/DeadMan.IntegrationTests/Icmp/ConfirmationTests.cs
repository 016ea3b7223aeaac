using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Icmp;

/// <summary>
/// Issue 32: an overdue reply is confirmed by a few echoes at short spacing, whose silence turns the row red long
/// before the timeout; a host answering again is seen at once; random loss and jitter raise no false alarm. Real
/// sockets, a real link between namespaces, nftables dropping echo requests inside the target's namespace.
/// </summary>
public sealed class ConfirmationTests : IDisposable
{
    private static readonly ProbeTiming s_defaults = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    private readonly TwoHosts _hosts = new();

    [Fact]
    public void Should_turn_down_well_before_the_timeout_and_up_again_at_once_counting_the_confirmations_When_a_LAN_host_goes_silent_and_comes_back()
    {
        // Given: a host answering at the defaults for long enough that its RTT is known
        using var run = new NamespaceMonitor(_hosts.Client, $"lan {TwoHosts.TargetAddress}", s_defaults);
        var changes = new BlockingCollection<StateChange>();
        var results = new BlockingCollection<ProbeRecord>();
        run.Monitor.StateChanged += changes.Add;
        run.Monitor.ResultRecorded += results.Add;
        run.Start();
        Assert.Equal(TargetStatus.Up, Next(changes).To);
        for (int round = 0; round < 6; round++)
        {
            Assert.True(results.TryTake(out _, TimeSpan.FromSeconds(5)), "no result");
        }

        // When: it goes silent just after a reply (the worst moment: the next probe is a whole interval away, so a
        // fixed timeout would need about two seconds), and answers again
        DropEchoRequests(100);
        DateTimeOffset silenced = DateTimeOffset.UtcNow;
        StateChange down = Next(changes);
        AllowEchoRequests();
        DateTimeOffset answering = DateTimeOffset.UtcNow;
        StateChange up = Next(changes);

        // Then: red within the next probe plus a fraction of the timeout; green within a recovery echo's spacing
        Assert.Equal(TargetStatus.Down, down.To);
        Assert.InRange(down.At - silenced, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
        Assert.Equal(TargetStatus.Up, up.To);
        Assert.InRange(up.At - answering, TimeSpan.Zero, TimeSpan.FromSeconds(0.8));
        // Counted when their round ends, at its timeout
        long Confirmations() => run.Monitor.FreshSnapshotAsync().GetAwaiter().GetResult().Targets.Single().TotalConfirmations;
        Assert.True(SpinWait.SpinUntil(() => Confirmations() >= 2, TimeSpan.FromSeconds(3)), $"{Confirmations()} confirmation echoes counted");
    }

    [Fact]
    public async Task Should_go_down_far_less_often_than_it_loses_and_still_be_degraded_When_30_percent_of_requests_are_dropped()
    {
        // Given: 30 % random loss at down_after = 1: with a fixed timeout, about one round in five is a new outage.
        // The timeout is shorter than the interval so that every lost round is judged: when they are equal, the next
        // round's reply is often read before the lost round's expiry, which then comes as an older round's result and
        // changes no state (so a lone loss went unseen by luck of timing, not by design).
        DropEchoRequests(30);
        using var run = new NamespaceMonitor(_hosts.Client, $"lossy {TwoHosts.TargetAddress} loss-warn=5", Timing(500, 400), rounds: 80);
        var changes = new ConcurrentQueue<StateChange>();
        run.Monitor.StateChanged += changes.Enqueue;

        // When
        TargetView lossy = (await run.RunToCompletionAsync(TimeSpan.FromSeconds(90)))["lossy"];

        // Then: an outage needs the echo and both confirmations lost (2.7 % of rounds); the loss is all still seen
        int downs = changes.Count(c => c.To == TargetStatus.Down);
        Assert.True(downs <= 8, $"{downs} down transitions in 80 rounds");
        Assert.InRange(lossy.LossPercent, 12.0, 48.0);
        Assert.Contains(changes, c => c.To == TargetStatus.Degraded);
    }

    [Fact]
    public async Task Should_never_turn_down_When_the_rtt_jitters_between_5_and_205_ms()
    {
        // Given
        using var responder = EchoResponder.StartIn(_hosts.Lab, _hosts.Target, TimeSpan.FromMilliseconds(105), TimeSpan.FromMilliseconds(100));
        using var run = new NamespaceMonitor(_hosts.Client, $"wobbly {TwoHosts.TargetAddress}", Timing(500, 1000), rounds: 60);
        var changes = new ConcurrentQueue<StateChange>();
        run.Monitor.StateChanged += changes.Enqueue;

        // When
        TargetView wobbly = (await run.RunToCompletionAsync(TimeSpan.FromSeconds(90)))["wobbly"];

        // Then
        Assert.True(!changes.Any(c => c.To == TargetStatus.Down), $"down: {Downs(changes)}");
        Assert.Equal(60, wobbly.Received);
    }

    [Fact]
    public async Task Should_raise_no_down_When_a_thousand_hosts_lose_1_percent_at_random_with_down_after_2()
    {
        // Given: the target's namespace answers for a whole /22 (a local route), losing 1 % of requests at random
        _hosts.Lab.Exec(_hosts.Target, "ip", "route", "add", "local", "198.18.4.0/22", "dev", "lo");
        _hosts.Lab.Exec(_hosts.Client, "ip", "route", "add", "198.18.4.0/22", "via", TwoHosts.TargetAddress);
        _hosts.Lab.Sysctl(_hosts.Target, "net.ipv4.icmp_ratelimit=0");
        DropEchoRequests(1);
        var config = new StringBuilder();
        for (int host = 0; host < 1000; host++)
        {
            config.Append(CultureInfo.InvariantCulture, $"h{host} 198.18.{4 + (host / 250)}.{1 + (host % 250)} down-after=2\n");
        }

        // A timeout shorter than the interval, so that every lost round is judged (see the 30 % test)
        using var run = new NamespaceMonitor(_hosts.Client, config.ToString(), Timing(1000, 800), rounds: 30);
        var changes = new ConcurrentQueue<StateChange>();
        run.Monitor.StateChanged += changes.Enqueue;

        // When
        Dictionary<string, TargetView> hosts = await run.RunToCompletionAsync(TimeSpan.FromSeconds(90));

        // Then: two rounds in a row lost happen about three times in 30,000 rounds; confirmed, never
        Assert.True(!changes.Any(c => c.To == TargetStatus.Down), $"down: {Downs(changes)}");
        Assert.InRange(hosts.Values.Sum(t => t.Sent - t.Received), 100, 600);
    }

    private static string Downs(IEnumerable<StateChange> changes) =>
        string.Join(", ", changes.Where(c => c.To == TargetStatus.Down).Select(c => $"{c.Target.Spec.Name} at {c.At:HH:mm:ss.fff} ({c.Target.Why})"));

    private void DropEchoRequests(int percent)
    {
        _hosts.Lab.Exec(_hosts.Target, "nft", "add table inet dmc");
        _hosts.Lab.Exec(_hosts.Target, "nft", "add chain inet dmc input { type filter hook input priority 0 ; }");
        _hosts.Lab.Exec(_hosts.Target, "nft", percent >= 100
            ? "add rule inet dmc input icmp type echo-request drop"
            : $"add rule inet dmc input icmp type echo-request numgen random mod 100 < {percent} drop");
    }

    private void AllowEchoRequests() => _hosts.Lab.Exec(_hosts.Target, "nft", "flush chain inet dmc input");

    private static ProbeTiming Timing(int intervalMs, int timeoutMs) =>
        new(TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(timeoutMs));

    private static StateChange Next(BlockingCollection<StateChange> changes) =>
        changes.TryTake(out StateChange? change, TimeSpan.FromSeconds(10)) ? change : throw new TimeoutException("no state change");

    public void Dispose() => _hosts.Dispose();
}
