using DeadMan.Core.Platform;

namespace DeadMan.Core.Tests.Platform;

/// <summary>Issue 15: the engine's threads sleep on a doorbell, so stopping one must cut its sleep short.</summary>
public class DoorbellTests
{
    private static readonly TimeSpan s_longer = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Should_return_at_once_When_rung_before_the_wait()
    {
        // Given
        using var bell = new Doorbell();
        bell.Ring();

        // When
        Task wait = Task.Run(() => bell.Wait(s_longer));

        // Then
        Assert.True(await Ends(wait), "a ring before the wait did not end it");
    }

    [Fact]
    public async Task Should_end_a_wait_under_way_When_another_thread_rings()
    {
        // Given
        using var bell = new Doorbell();
        using var waiting = new ManualResetEventSlim();
        Task wait = Task.Factory.StartNew(() =>
        {
            waiting.Set();
            bell.Wait(s_longer);
        }, TaskCreationOptions.LongRunning);
        waiting.Wait();

        // When
        bell.Ring();

        // Then
        Assert.True(await Ends(wait), "the ring did not end the wait");
    }

    [Fact]
    public async Task Should_sleep_again_When_a_ring_was_used_up()
    {
        // Given: one ring, taken by the first wait
        using var bell = new Doorbell();
        bell.Ring();
        bell.Wait(s_longer);

        // When
        Task second = Task.Run(() => bell.Wait(s_longer));

        // Then: the second wait is still asleep (a ring is not a latch)
        Assert.False(await Ends(second, TimeSpan.FromMilliseconds(200)));
        bell.Ring();
        Assert.True(await Ends(second));
    }

    private static async Task<bool> Ends(Task wait, TimeSpan? within = null) =>
        await Task.WhenAny(wait, Task.Delay(within ?? TimeSpan.FromSeconds(30))) == wait;
}
