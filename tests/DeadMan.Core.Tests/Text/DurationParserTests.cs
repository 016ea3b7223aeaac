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
    [InlineData("1d", 86_400_000)]
    public void Should_read_duration_When_written_with_a_unit(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out TimeSpan value));
        Assert.Equal(milliseconds, value.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-1s")]
    [InlineData("2d")]
    [InlineData("1,5s")]
    [InlineData("NaNs")]
    public void Should_refuse_When_text_is_not_a_duration(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Fact]
    public void Should_read_days_beyond_one_When_the_setting_takes_longer()
    {
        // A certificate's warning (cert_warn) is weeks; an interval still stops at a day.
        Assert.True(DurationParser.TryParse("14d", TimeSpan.FromDays(3650), out TimeSpan warn));
        Assert.Equal(TimeSpan.FromDays(14), warn);
        Assert.False(DurationParser.TryParse("14d", out _));
    }
}
