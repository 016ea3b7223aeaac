using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Monitoring;

public class RecentResultsTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_give_back_times_outcomes_rtts_ttls_and_details_newest_first_When_results_are_added()
    {
        // Given
        var recent = new RecentResults();

        // When
        recent.Add(s_start, ProbeResult.Reply(TimeSpan.FromMicroseconds(1234), 64));
        recent.Add(s_start.AddMilliseconds(1001), ProbeResult.Failed(ProbeOutcome.Unreachable, "unreachable from 198.51.100.1"));
        recent.Add(s_start.AddMilliseconds(2002), ProbeResult.Reply(ProbeOutcome.Refused, TimeSpan.FromMilliseconds(3), "refused"));

        // Then
        Assert.Equal(
            [
                new RecentResult(s_start.AddMilliseconds(2002), new ProbeResult(ProbeOutcome.Refused, TimeSpan.FromMilliseconds(3), null, "refused")),
                new RecentResult(s_start.AddMilliseconds(1001), ProbeResult.Failed(ProbeOutcome.Unreachable, "unreachable from 198.51.100.1")),
                new RecentResult(s_start, ProbeResult.Reply(TimeSpan.FromMicroseconds(1234), 64)),
            ],
            recent.ToArray());
    }

    [Fact]
    public void Should_keep_the_latest_twenty_When_more_come_in()
    {
        // Given
        var recent = new RecentResults();

        // When
        for (int i = 0; i < 25; i++)
        {
            recent.Add(s_start.AddSeconds(i), ProbeResult.Reply(TimeSpan.FromMilliseconds(i + 1), 64));
        }

        // Then
        RecentResult[] kept = recent.ToArray();
        Assert.Equal(RecentResults.Capacity, kept.Length);
        Assert.Equal(s_start.AddSeconds(24), kept[0].At);
        Assert.Equal(s_start.AddSeconds(5), kept[^1].At);
        Assert.Equal(TimeSpan.FromMilliseconds(6), kept[^1].Result.Rtt);
    }

    [Fact]
    public void Should_keep_earlier_times_When_a_result_comes_weeks_after_the_one_before()
    {
        // Given: a host paused for a month between two results, and a wall clock stepped back a little
        var recent = new RecentResults();
        recent.Add(s_start, ProbeResult.Timeout());
        recent.Add(s_start.AddDays(20), ProbeResult.Timeout());

        // When
        recent.Add(s_start.AddDays(30), ProbeResult.Reply(TimeSpan.FromMilliseconds(1), 64));
        recent.Add(s_start.AddDays(30).AddSeconds(-5), ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));

        // Then: the result a month old cannot be counted from the new base and is dropped, not shown at a wrong time
        Assert.Equal([s_start.AddDays(30).AddSeconds(-5), s_start.AddDays(30), s_start.AddDays(20)], recent.ToArray().Select(r => r.At));
    }
}
