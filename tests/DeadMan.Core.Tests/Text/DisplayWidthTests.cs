using DeadMan.Core.Text;

namespace DeadMan.Core.Tests.Text;

public class DisplayWidthTests
{
    [Theory]
    [InlineData("router", 6)]
    [InlineData("ルーター1", 9)]
    [InlineData("ap-4f-会議室", 12)]
    [InlineData("e\u0301", 1)]
    [InlineData("", 0)]
    [InlineData("~ !", 3)]
    [InlineData("a\tb", 2)]
    [InlineData("x\u007F", 1)]
    public void Should_count_terminal_columns_When_text_mixes_scripts(string text, int columns)
    {
        Assert.Equal(columns, DisplayWidth.Of(text));
    }

    [Fact]
    public void Should_not_split_a_wide_character_When_fitting_to_odd_width()
    {
        // When
        string fitted = DisplayWidth.Fit("会議室", 5);

        // Then
        Assert.Equal("会議 ", fitted);
        Assert.Equal(5, DisplayWidth.Of(fitted));
    }
}
