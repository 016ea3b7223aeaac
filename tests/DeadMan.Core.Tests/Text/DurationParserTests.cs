using DeadMan.Core.Text;

namespace DeadMan.Core.Tests.Text;

public class DurationParserTests
{
    [Theory]
    [InlineData("200ms", 200)]
    [InlineData("1s", 1000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0.25", 250)]
    [InlineData(" 10MS ", 10)]
    public void Should_read_duration_When_written_with_a_unit(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out TimeSpan value));
        Assert.Equal(milliseconds, value.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-1s")]
    [InlineData("1d")]
    [InlineData("1,5s")]
    [InlineData("NaNs")]
    public void Should_refuse_When_text_is_not_a_duration(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }
}
