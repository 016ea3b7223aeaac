using DeadMan.Core.Probing.Relay;

namespace DeadMan.Core.Tests.Probing;

public class RouterOsDurationTests
{
    [Theory]
    [InlineData("453us", 453)]
    [InlineData("1ms49us", 1049)]
    [InlineData("12ms", 12_000)]
    [InlineData("1s20ms", 1_020_000)]
    public void Should_read_routeros_durations_When_parsing_ping_times(string text, long microseconds) =>
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), RouterOsClient.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("1ms junk")]
    public void Should_refuse_When_the_text_is_not_a_duration(string text) => Assert.Null(RouterOsClient.ParseDuration(text));
}
