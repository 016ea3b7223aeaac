using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Probing;

public class WaitingRoundsTests
{
    [Fact]
    public void Should_answer_oldest_first_and_give_up_the_oldest_When_too_many_wait()
    {
        // Given
        var waiting = new WaitingRounds();

        // When: five rounds go out and nothing answers
        long?[] givenUp = [.. Enumerable.Range(1, 5).Select(r => waiting.Add(r))];

        // Then: rounds 1 and 2 are given up, 3 is answered next, and the rest can all be taken at once
        Assert.Equal([null, null, null, 1, 2], givenUp);
        Assert.True(waiting.TryTakeOldest(out long next));
        Assert.Equal(3, next);
        Assert.Equal([4, 5], waiting.TakeAll());
        Assert.False(waiting.TryTakeOldest(out _));
    }
}
