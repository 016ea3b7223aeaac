using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Trace;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>Issue 34: a storm of failures makes a bounded number of traces, shared by hosts behind the same prefix.</summary>
public sealed class PathTracingTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly TracingFactory _factory = new();
    private readonly List<(int Id, string Why)> _notTraced = [];

    private PathTracing Tracing() => new(_factory, new RecordingSink(), TimeSpan.FromSeconds(1), _clock, (id, why) => _notTraced.Add((id, why)));

    private static MonitoredTarget Target(int id, string address, string line = "")
    {
        TargetSpec spec = (TargetSpec)ConfigParser.Parse($"host-{id} {address} {line}", "t.conf").Entries.Single();
        var state = new TargetState(id, spec, 8, null, DateTimeOffset.UnixEpoch);
        state.SetAddress(IPAddress.Parse(address), null);
        return new MonitoredTarget(state, new ScheduledTarget(id, new ProbeTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))), probed: true, lookedUp: false);
    }

    private static PathTrace Final(string destination) =>
        new(IPAddress.Parse(destination), DateTimeOffset.UnixEpoch, [new TraceHop(1, IPAddress.Parse("192.0.2.1"), 3, 3, null, null, null, null)], false, 3) { Final = true };

    [Fact]
    public void Should_send_one_trace_for_a_whole_prefix_When_200_hosts_behind_it_fail_together()
    {
        // Given
        PathTracing tracing = Tracing();

        // When: 200 hosts in one /24 fail
        for (int i = 1; i <= 200; i++)
        {
            tracing.Request(Target(i, $"198.51.100.{i}"));
        }

        // Then: one trace, joined by the 199 others, and every one of them gets its result
        Assert.Equal((1, 199), (tracing.Started, tracing.Joined));
        Assert.Single(_factory.Started);
        Assert.Equal(200, tracing.Finished(1, Final("198.51.100.1")).Count);
    }

    [Fact]
    public void Should_keep_at_most_four_traces_in_flight_and_queue_the_rest_When_many_prefixes_fail()
    {
        // Given
        PathTracing tracing = Tracing();

        // When: 200 hosts over 50 prefixes fail
        for (int i = 0; i < 200; i++)
        {
            tracing.Request(Target(i + 1, $"10.{i % 50}.0.{(i / 50) + 1}"));
        }

        // Then: four run; each that ends lets the next start, until all 50 prefixes are traced once
        Assert.Equal(PathTracing.MostInFlight, _factory.Started.Count);
        int finished = 0;
        while (finished < _factory.Started.Count)
        {
            (int id, IPAddress address) = _factory.Started[finished++];
            Assert.Equal(4, tracing.Finished(id, Final(address.ToString())).Count);
            Assert.True(_factory.Started.Count - finished <= PathTracing.MostInFlight);
        }

        Assert.Equal((50, 150), (tracing.Started, tracing.Joined));
    }

    [Fact]
    public void Should_give_a_host_the_trace_of_its_prefix_finished_moments_ago_When_it_fails_after_it()
    {
        // Given: a trace of the prefix that has just finished
        PathTracing tracing = Tracing();
        tracing.Request(Target(1, "198.51.100.1"));
        tracing.Finished(1, Final("198.51.100.1"));

        // When: a neighbour fails now, and another after the trace has gone stale
        var now = tracing.Request(Target(2, "198.51.100.2"));
        _clock.Advance(PathTracing.SharedFor);
        var later = tracing.Request(Target(3, "198.51.100.3"));

        // Then
        Assert.Equal("host-1", now?.TracedFor);
        Assert.Null(later);
        Assert.Equal(2, _factory.Started.Count);
    }

    [Fact]
    public void Should_not_share_a_trace_When_hosts_leave_from_different_places()
    {
        // Given
        PathTracing tracing = Tracing();

        // When: the same /24, one from the machine and one from a namespace
        tracing.Request(Target(1, "198.51.100.1"));
        tracing.Request(Target(2, "198.51.100.2", "via=netns netns=blue"));

        // Then
        Assert.Equal(2, _factory.Started.Count);
    }

    [Fact]
    public void Should_say_why_and_start_the_next_When_a_kind_cannot_be_traced_from_here()
    {
        // Given
        PathTracing tracing = Tracing();

        // When: a relayed host fails, then a pinged one
        tracing.Request(Target(1, "198.51.100.1", "relay=jump.example.org"));
        tracing.Request(Target(2, "203.0.113.9"));

        // Then
        Assert.Equal([(1, "not traced from here: probed from jump.example.org over ssh")], _notTraced);
        Assert.Equal([2], _factory.Started.Select(s => s.Id));
    }

    [Fact]
    public void Should_still_trace_for_the_others_When_the_host_a_waiting_trace_was_made_for_leaves_with_a_reload()
    {
        // Given: four traces running, and a fifth prefix waiting for two hosts
        PathTracing tracing = Tracing();
        for (int i = 1; i <= 4; i++)
        {
            tracing.Request(Target(i, $"10.{i}.0.1"));
        }

        tracing.Request(Target(5, "198.51.100.5"));
        tracing.Request(Target(6, "198.51.100.6"));

        // When: the host it was made for is removed, and a running trace ends
        tracing.Forget(5);
        tracing.Finished(1, Final("10.1.0.1"));

        // Then: it is made, for the one left
        Assert.Equal(IPAddress.Parse("198.51.100.5"), _factory.Started[^1].Address);
        Assert.Equal([6], tracing.Finished(5, Final("198.51.100.5")));
    }

    /// <summary>Records the traces started, and refuses relayed kinds as the real factory does.</summary>
    private sealed class TracingFactory : IProbeFactory
    {
        public List<(int Id, IPAddress Address)> Started { get; } = [];

        public string? Unsupported(ProbeSpec spec) => null;

        public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink) => throw new NotSupportedException();

        public ITraceRun? Trace(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink, TraceRequest request, out string? notTraced)
        {
            if (spec is SshRelayProbeSpec relay)
            {
                notTraced = $"not traced from here: probed from {relay.Relay} over ssh";
                return null;
            }

            notTraced = null;
            Started.Add((targetId, address));
            return new Run();
        }

        private sealed class Run : ITraceRun
        {
            public void Dispose()
            {
            }
        }
    }
}
