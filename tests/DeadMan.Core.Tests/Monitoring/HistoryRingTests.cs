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
        Assert.Equal(new HistoryEntry(ProbeOutcome.Reply, TimeSpan.FromMicroseconds(1234)), ring.Freeze()[0]);
        Assert.Equal(new HistoryEntry(ProbeOutcome.Timeout, null), ring.Freeze()[1]);
        Assert.Equal(1, ring.LatestRound);
    }

    [Theory]
    [InlineData(524_287, 524_287)]
    [InlineData(524_288, 524_000)]
    [InlineData(2_345_678, 2_345_000)]
    [InlineData(900_000_000, 524_287_000)]
    public void Should_keep_microseconds_below_524_ms_and_milliseconds_above_When_an_rtt_is_recorded(long micros, long kept)
    {
        // Given
        var ring = new HistoryRing(64);

        // When
        ring.Record(0, ProbeResult.Reply(TimeSpan.FromMicroseconds(micros), 64));

        // Then
        Assert.Equal(TimeSpan.FromMicroseconds(kept), ring.Freeze()[0].Rtt);
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
        Assert.Null(ring.Freeze()[4].Outcome);
        Assert.Null(ring.Freeze()[5].Outcome);
        Assert.Equal(ProbeOutcome.Reply, ring.Freeze()[6].Outcome);
        Assert.Null(ring.Freeze()[2].Outcome);
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
        Assert.Null(ring.Freeze()[3].Outcome);
        Assert.Equal(ProbeOutcome.Timeout, ring.Freeze()[5].Outcome);
    }

    [Fact]
    public void Should_never_change_a_history_already_handed_out_When_later_rounds_land()
    {
        // Given: a picture taken after two rounds
        var ring = new HistoryRing(64);
        ring.Record(0, ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        ring.Record(1, ProbeResult.Timeout());
        RoundHistory before = ring.Freeze();

        // When: a late result rewrites round 1, a new lap overwrites round 0's slot, then everything is cleared
        ring.Record(1, ProbeResult.Reply(TimeSpan.FromMilliseconds(3), 64));
        ring.Record(64, ProbeResult.Timeout());
        RoundHistory middle = ring.Freeze();
        ring.Clear();

        // Then: each picture still shows what it showed
        Assert.Equal(new HistoryEntry(ProbeOutcome.Reply, TimeSpan.FromMilliseconds(1)), before[0]);
        Assert.Equal(new HistoryEntry(ProbeOutcome.Timeout, null), before[1]);
        Assert.Equal(1, before.LatestRound);
        Assert.Equal(new HistoryEntry(ProbeOutcome.Reply, TimeSpan.FromMilliseconds(3)), middle[1]);
        Assert.Equal(ProbeOutcome.Timeout, middle[64].Outcome);
        Assert.Equal(-1, ring.Freeze().LatestRound);
    }
}
