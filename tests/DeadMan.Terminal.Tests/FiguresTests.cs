
namespace DeadMan.Terminal.Tests;

public class FiguresTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(192, "3m12s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(7440, "2h04m")]
    [InlineData(36_000, "10h")]
    [InlineData(266_400, "3d02h")]
    [InlineData(3_888_000, "45d")]
    [InlineData(-5, "0s")]
    public void Should_say_a_time_in_state_in_five_columns_or_fewer_When_formatting_a_duration(int seconds, string expected)
    {
        string text = Core.Text.DurationText.Compact(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected, text);
        Assert.True(text.Length <= 5);
    }
}
