using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Monitoring;

public class HistoryRingTests
{
    [Fact]
    public void Should_keep_rtt_and_outcome_When_recording_rounds()
    {
        // Given
        var ring = new HistoryRing(4);

        // When
        ring.Record(0, ProbeResult.Reply(TimeSpan.FromMicroseconds(1234), 64));
        ring.Record(1, ProbeResult.Timeout());

        // Then
        Assert.Equal(new HistoryEntry(ProbeOutcome.Reply, TimeSpan.FromMicroseconds(1234)), ring[0]);
        Assert.Equal(new HistoryEntry(ProbeOutcome.Timeout, null), ring[1]);
        Assert.Equal(1, ring.LatestRound);
    }

    [Fact]
    public void Should_blank_skipped_rounds_When_a_newer_round_lands_first()
    {
        // Given: a full lap of replies
        var ring = new HistoryRing(4);
        for (int round = 0; round < 4; round++)
        {
            ring.Record(round, ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        }

        // When: round 6 answers while 4 and 5 are still in flight
        ring.Record(6, ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));

        // Then: 4 and 5 show nothing rather than what their slots held a lap ago
        Assert.Null(ring[4].Outcome);
        Assert.Null(ring[5].Outcome);
        Assert.Equal(ProbeOutcome.Reply, ring[6].Outcome);
        Assert.Null(ring[2].Outcome);
    }

    [Fact]
    public void Should_ignore_result_When_round_is_older_than_the_ring()
    {
        // Given
        var ring = new HistoryRing(2);
        ring.Record(5, ProbeResult.Timeout());

        // When
        ring.Record(3, ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));

        // Then
        Assert.Null(ring[3].Outcome);
        Assert.Equal(ProbeOutcome.Timeout, ring[5].Outcome);
    }
}
