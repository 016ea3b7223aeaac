using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

public sealed class MonitorTests : IDisposable
{
    private static readonly ProbeTiming s_timing = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();
    private readonly CancellationTokenSource _stop = new();

    private static IReadOnlyList<ConfigEntry> Parse(string text) => ConfigParser.Parse(text, "t.conf").Entries;

    // The scheduler runs on its own thread against the fake clock: advance the clock, then wait (bounded) for the loop.
    private async Task RunUntilAsync(Monitor monitor, Func<MonitorSnapshot, bool> done)
    {
        Task running = monitor.RunAsync(_stop.Token);
        AdvanceUntil(monitor, done);
        await _stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Should_go_down_then_up_with_timestamps_When_probes_fail_then_answer()
    {
        // Given: "flaky" fails rounds 0 and 1, then answers
        var probes = new ScriptedProbeFactory((id, round) => id == 1 && round < 2
            ? ProbeResult.Timeout()
            : ProbeResult.Reply(TimeSpan.FromMilliseconds(5), 64));
        using var monitor = new Monitor(Parse("steady 192.0.2.1\nflaky 192.0.2.2"), probes, new MonitorOptions(s_timing), _clock);
        var changes = new List<StateChange>();
        monitor.StateChanged += change => { lock (changes) { changes.Add(change); } };

        // When
        await RunUntilAsync(monitor, s => s.Targets.All(t => t.Sent >= 4));

        // Then
        TargetView flaky = monitor.Snapshot().Targets.Single(t => t.Spec.Name == "flaky");
        Assert.Equal(TargetStatus.Up, flaky.Status);
        lock (changes)
        {
            var flakyChanges = changes.Where(c => c.Target.Spec.Name == "flaky").ToList();
            Assert.Equal([TargetStatus.Down, TargetStatus.Up], flakyChanges.Select(c => c.To));
            Assert.True(flakyChanges[1].At >= flakyChanges[0].At);
            Assert.Equal(flakyChanges[1].At, flaky.LastChange);
        }
    }

    [Fact]
    public async Task Should_show_unsupported_and_never_probe_When_kind_is_not_built_yet()
    {
        // Given
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        using var monitor = new Monitor(Parse("web 192.0.2.1 tcp=dstport:80\nping 192.0.2.2"), probes,
                                        new MonitorOptions(s_timing, Rounds: 2), _clock);

        // When
        await RunUntilAsync(monitor, _ => monitor.Completion.IsCompleted);

        // Then
        TargetView web = monitor.Snapshot().Targets.Single(t => t.Spec.Name == "web");
        Assert.Equal(TargetStatus.Unknown, web.Status);
        Assert.Equal("not supported yet", web.Note);
        Assert.Equal(0, web.Sent);
        Assert.DoesNotContain(probes.Created, c => c.TargetId == web.Id);
    }

    [Fact]
    public async Task Should_report_unresolved_rounds_and_retry_When_name_does_not_resolve()
    {
        // Given: a resolver that knows no names, so nothing reaches the machine's resolver
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        var resolver = new UnknownNames();
        using var monitor = new Monitor(Parse("lost nowhere.example.org\nfine 192.0.2.1"), probes,
                                        new MonitorOptions(s_timing, Rounds: 3), _clock, resolver);

        // When
        await RunUntilAsync(monitor, _ => monitor.Completion.IsCompleted && resolver.Attempts >= 2);

        // Then
        TargetView lost = monitor.Snapshot().Targets.Single(t => t.Spec.Name == "lost");
        Assert.Equal(TargetStatus.Down, lost.Status);
        Assert.Equal(ProbeOutcome.Unresolved, lost.LastResult?.Outcome);
        Assert.StartsWith("cannot resolve nowhere.example.org", lost.Note, StringComparison.Ordinal);
        Assert.Equal(TargetStatus.Up, monitor.Snapshot().Targets.Single(t => t.Spec.Name == "fine").Status);
    }

    [Fact]
    public void Should_keep_file_order_with_separators_When_snapshotting()
    {
        // Given
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Timeout());

        // When
        using var monitor = new Monitor(Parse("a 192.0.2.1\n--- Floor 2\nb 192.0.2.2"), probes, new MonitorOptions(s_timing), _clock);

        // Then
        Assert.Equal(["a", "Floor 2", "b"], monitor.Snapshot().Rows.Select(r => r.Target?.Spec.Name ?? r.Separator!.Title));
        Assert.All(monitor.Snapshot().Targets, t => Assert.Equal(TargetStatus.Unknown, t.Status));
    }

    [Fact]
    public void Should_share_one_rules_object_among_hosts_When_their_rules_are_equal()
    {
        // Given
        var probes = new ScriptedProbeFactory((_, _) => ProbeResult.Timeout());

        // When
        using var monitor = new Monitor(Parse("a 192.0.2.1\nb 192.0.2.2 loss-warn=5\nc 192.0.2.3\nd 192.0.2.4 loss-warn=5"), probes, new MonitorOptions(s_timing), _clock);

        // Then
        TargetView[] t = [.. monitor.Snapshot().Targets];
        Assert.Same(t[0].Rules, t[2].Rules);
        Assert.Same(t[1].Rules, t[3].Rules);
        Assert.NotEqual(t[0].Rules, t[1].Rules);
    }

    [Fact]
    public async Task Should_publish_a_state_change_at_once_for_a_subscriber_and_no_picture_for_nobody_When_the_clock_stands_still()
    {
        // Given: nothing is sent (results come straight into the sink) and the clock stands still, so no picture
        // is ever due by time; a screen subscribes
        using var monitor = new Monitor(Parse("a 192.0.2.1\nb 192.0.2.2"), new ScriptedProbeFactory((_, _) => ProbeResult.Timeout()), new MonitorOptions(s_timing, Rounds: 0), _clock);
        using var published = new SemaphoreSlim(0);
        using var changed = new SemaphoreSlim(0);
        Action screen = () => published.Release();
        monitor.Published += screen;
        monitor.StateChanged += _ => changed.Release();
        var sink = (IProbeSink)monitor;
        Task running = monitor.RunAsync(_stop.Token);

        // When: "a" comes up
        sink.Report(0, 0, ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));

        // Then: the batch that folded it published it, without waiting for a period the clock never reaches
        Assert.True(await published.WaitAsync(s_patience) && await changed.WaitAsync(s_patience));
        Assert.Equal(TargetStatus.Up, monitor.Snapshot().Targets.Single(t => t.Spec.Name == "a").Status);

        // When: the screen has gone and "b" comes up
        monitor.Published -= screen;
        long version = monitor.Snapshot().Version;
        sink.Report(1, 0, ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        Assert.True(await changed.WaitAsync(s_patience));

        // Then: its event is out, but no picture was made for nobody; a reader that asks gets one
        Assert.Equal(version, monitor.Snapshot().Version);
        Assert.Equal(TargetStatus.Up, (await monitor.FreshSnapshotAsync()).Targets.Single(t => t.Spec.Name == "b").Status);
        await _stop.CancelAsync();
        await running;
    }

    private void AdvanceUntil(Monitor monitor, Func<MonitorSnapshot, bool> done)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (!done(monitor.FreshSnapshotAsync().GetAwaiter().GetResult()))
        {
            Assert.True(DateTime.UtcNow < deadline, "the monitor did not get there in time");
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            Thread.Yield();
        }
    }

    public void Dispose() => _stop.Dispose();

    private sealed class UnknownNames : AddressResolver
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override Task<IPAddress[]> LookUpAsync(string name, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new SocketException((int)SocketError.HostNotFound);
        }
    }
}
