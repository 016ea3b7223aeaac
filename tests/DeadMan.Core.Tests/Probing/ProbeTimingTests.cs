using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Probing;

public class ProbeTimingTests
{
    [Theory]
    [InlineData(1000, 20)] // the usual second: wake-ups every 20 ms, not more often
    [InlineData(10_000, 20)]
    [InlineData(80, 10)] // a fast interval keeps an eighth of it, so a target's cadence is not bent
    [InlineData(4, 1)]
    public void Should_let_work_gather_for_an_eighth_of_the_interval_When_between_1_and_20_ms(int intervalMs, int slotMs)
    {
        // Given
        var timing = new ProbeTiming(TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromSeconds(1));

        // When
        TimeSpan slot = timing.Slot;

        // Then
        Assert.Equal(TimeSpan.FromMilliseconds(slotMs), slot);
    }
}
