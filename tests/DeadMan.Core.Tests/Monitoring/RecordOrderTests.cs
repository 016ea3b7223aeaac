using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>Issue 11: a host's log reads in the order its probes went out, timeouts included.</summary>
public sealed class RecordOrderTests : IDisposable
{
    private static readonly ProbeTiming s_timing = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    private readonly FakeTimeProvider _clock = new();
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    public async Task Should_record_rounds_in_send_order_stamped_with_their_send_time_When_timeouts_are_known_after_later_replies()
    {
        // Given: odd rounds answer at once, even rounds time out only once the next round has answered
        var probes = new LateTimeoutProbes(_clock);
        using var monitor = new Monitor(ConfigParser.Parse("host 192.0.2.1", "t.conf").Entries, probes, new MonitorOptions(s_timing, Rounds: 6), _clock);
        var records = new List<ProbeRecord>();
        monitor.ResultRecorded += record => { lock (records) { records.Add(record); } };
        DateTimeOffset start = _clock.GetUtcNow();

        // When
        // (the clock moves only once the scheduler thread has sent the round due now)
        Task running = monitor.RunAsync(_stop.Token);
        for (int round = 1; round <= 6; round++)
        {
            Assert.True(SpinWait.SpinUntil(() => probes.Sent >= round, TimeSpan.FromSeconds(10)), $"round {round - 1} was never sent");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(SpinWait.SpinUntil(() => { lock (records) { return records.Count == 6; } }, TimeSpan.FromSeconds(10)));
        await _stop.CancelAsync();
        await running;

        // Then: rounds 0..5 in order, each at its own send time, whichever result came first
        lock (records)
        {
            Assert.Equal([0L, 1, 2, 3, 4, 5], records.Select(r => r.Round));
            Assert.Equal([ProbeOutcome.Timeout, ProbeOutcome.Reply, ProbeOutcome.Timeout, ProbeOutcome.Reply, ProbeOutcome.Timeout, ProbeOutcome.Reply],
                         records.Select(r => r.Result.Outcome));
            Assert.Equal(probes.SentAt.Take(6), records.Select(r => r.SentAt));
            Assert.True(records[0].SentAt >= start);
        }
    }

    [Fact]
    public void Should_let_the_oldest_go_When_a_round_never_reports()
    {
        // Given: round 0 never reports
        var order = new RecordOrder();
        var ready = new List<ProbeRecord>();

        // When
        for (long round = 1; round <= 16; round++)
        {
            order.Add(Record(round), ready);
        }

        Assert.Empty(ready);
        order.Add(Record(17), ready);

        // Then: sixteen wait for round 0; with the seventeenth the wait is given up and all go, in order
        Assert.Equal(Enumerable.Range(1, 17).Select(r => (long)r), ready.Select(r => r.Round));
    }

    private static ProbeRecord Record(long round) =>
        new(null!, round, default, round, ProbeResult.Timeout(), DateTimeOffset.UnixEpoch.AddSeconds(round));

    public void Dispose() => _stop.Dispose();

    private sealed class LateTimeoutProbes(TimeProvider clock) : IProbeFactory
    {
        private int _sent;

        public List<DateTimeOffset> SentAt { get; } = [];

        public int Sent => Volatile.Read(ref _sent);

        private DateTimeOffset Now => clock.GetUtcNow();

        public string? Unsupported(ProbeSpec spec) => null;

        public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink) => new Probe(this, targetId, sink);

        private sealed class Probe(LateTimeoutProbes owner, int targetId, IProbeSink sink) : IProbe
        {
            public void Send(long round)
            {
                owner.SentAt.Add(owner.Now);
                Interlocked.Increment(ref owner._sent);
                if (round % 2 == 1)
                {
                    sink.Report(targetId, round, ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));
                    sink.Report(targetId, round - 1, ProbeResult.Timeout());
                }
            }

            public void Dispose()
            {
            }
        }
    }
}
