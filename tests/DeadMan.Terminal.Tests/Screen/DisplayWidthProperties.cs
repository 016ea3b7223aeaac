using DeadMan.Core.Text;
using DeadMan.Terminal.Screen;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeadMan.Terminal.Tests.Screen;

/// <summary>
/// Issue 11: for any text — ASCII, Japanese, combining marks, emoji, controls, lone surrogates — the columns a
/// string is measured to take are exactly the cells it fills on the screen, so columns line up.
/// </summary>
public class DisplayWidthProperties
{
    private static readonly string[] s_pieces = ["a", "Z", " ", "東", "京", "ｱ", "é", "e\u0301", "\u200B", "\t", "\u001B", "🙂", "\uD800", "Ω", "ー", "１"];

    [Property(MaxTest = 500)]
    public Property Should_fill_as_many_cells_as_its_display_width_When_drawn_with_room() =>
        Prop.ForAll(Gen.OneOf(Gen.Elements(s_pieces).ArrayOf().Select(string.Concat), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)).ToArbitrary(), text =>
        {
            int width = DisplayWidth.Of(text);
            var screen = new ScreenBuffer(width + 4, 1);
            int used = screen.Write(0, 0, text, Style.Default);
            int cells = Enumerable.Range(0, width + 4).Sum(x => screen[x, 0].Width);
            int drawn = Enumerable.Range(0, used).Sum(x => screen[x, 0].Width);
            return used == width && drawn == width && cells == width + 4
                && Enumerable.Range(0, used).All(x => screen[x, 0].IsContinuation || DisplayWidth.Of(screen[x, 0].Rune) == screen[x, 0].Width);
        });

    [Property(MaxTest = 300)]
    public Property Should_measure_a_string_as_the_sum_of_its_characters() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
            text is null || DisplayWidth.Of(text) == text.EnumerateRunes().Sum(DisplayWidth.Of));
}
