using System.Text;
using DeadMan.Terminal.Ansi;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Tests.Ansi;

public class FrameWriterTests
{
    private static readonly Style s_green = Style.Of(TerminalColor.Green);

    private static ScreenBuffer Screen(int width, int height, params string[] lines)
    {
        var screen = new ScreenBuffer(width, height);
        for (int y = 0; y < lines.Length; y++)
        {
            screen.Write(0, y, lines[y], Style.Default);
        }

        return screen;
    }

    private static string Ascii(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span).Replace("\e", "\\e", StringComparison.Ordinal);

    [Fact]
    public void Should_write_only_that_cell_When_one_cell_changed()
    {
        // Given: the terminal shows the first frame
        var writer = new FrameWriter(synchronizedOutput: false);
        ScreenBuffer before = Screen(20, 3, "alpha", "bravo  12", "charlie");
        writer.Render(null, before);
        ScreenBuffer after = Screen(20, 3, "alpha", "bravo  13", "charlie");

        // When
        ReadOnlyMemory<byte> bytes = writer.Render(before, after);

        // Then: a cursor move to row 2, column 9, and the digit
        Assert.Equal("\\e[2;9H3", Ascii(bytes));
    }

    [Fact]
    public void Should_write_nothing_When_nothing_changed()
    {
        var writer = new FrameWriter(synchronizedOutput: true);
        ScreenBuffer frame = Screen(10, 2, "same");
        writer.Render(null, frame);

        Assert.True(writer.Render(frame, Screen(10, 2, "same")).IsEmpty);
    }

    [Fact]
    public void Should_insert_one_character_instead_of_rewriting_When_a_sparkline_moves_right()
    {
        // Given: a 60-cell sparkline, newest at the left
        var writer = new FrameWriter(synchronizedOutput: false);
        var before = new ScreenBuffer(70, 1);
        var after = new ScreenBuffer(70, 1);
        before.Write(0, 0, "host", Style.Default);
        after.Write(0, 0, "host", Style.Default);
        string bars = string.Concat(Enumerable.Range(0, 60).Select(i => "▁▃▅▇"[i % 4]));
        before.Write(10, 0, bars, s_green);
        after.Write(10, 0, "█" + bars, s_green, 60);
        writer.Render(null, before);

        // When
        string bytes = Ascii(writer.Render(before, after));

        // Then: move, insert one blank, write the new bar (still green from the last frame); the other 59 bars
        // move in the terminal
        Assert.Equal("\\e[1;11H\\e[@█", bytes);
    }

    [Fact]
    public void Should_send_the_wide_character_once_When_a_japanese_name_changes()
    {
        var writer = new FrameWriter(synchronizedOutput: false);
        ScreenBuffer before = Screen(12, 1, "ルーター1");
        writer.Render(null, before);

        string bytes = Ascii(writer.Render(before, Screen(12, 1, "ルーター2")));

        // The cursor rests just after the "1" (four wide characters, then one narrow): one step back, then the digit.
        Assert.Equal("\\e[D2", bytes);
    }

    [Fact]
    public void Should_clear_and_draw_everything_When_there_is_no_previous_frame()
    {
        var writer = new FrameWriter(synchronizedOutput: true);

        string bytes = Ascii(writer.Render(null, Screen(10, 2, "ab", "cd")));

        Assert.StartsWith("\\e[?2026h\\e[m\\e[H\\e[2J", bytes, StringComparison.Ordinal);
        Assert.EndsWith("\\e[?2026l", bytes, StringComparison.Ordinal);
        Assert.Contains("ab", bytes, StringComparison.Ordinal);
        Assert.Contains("cd", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_the_terminal_showing_exactly_the_next_frame_When_frames_change_at_random()
    {
        // Given: random frames of text, wide characters, styles and shifted tails
        var random = new Random(1234);
        var terminal = new VirtualTerminal(30, 6);
        var writer = new FrameWriter(synchronizedOutput: true);
        ScreenBuffer? shown = null;
        string[] pieces = ["a", "bc", "会", "▁▂", "X", " ", "ルー", "12.3"];
        Style[] styles = [Style.Default, s_green, Style.Of(TerminalColor.Red, TextAttributes.Bold), Style.Of(TerminalColor.Default, TextAttributes.Reverse)];

        for (int frame = 0; frame < 300; frame++)
        {
            var next = new ScreenBuffer(30, 6);
            for (int y = 0; y < 6; y++)
            {
                if (shown is not null && random.Next(3) == 0)
                {
                    // Same row shifted right by one, new cell at a random column: the ICH path.
                    int at = random.Next(0, 20);
                    for (int x = 0; x < 30; x++)
                    {
                        Cell cell = x < at ? shown[x, y] : x == at ? Cell.Blank : shown[x - 1, y];
                        if (!cell.IsContinuation)
                        {
                            next.Write(x, y, cell.Rune.ToString(), cell.Style, cell.Width);
                        }
                    }
                }

                for (int x = random.Next(0, 10); x < 30; x += random.Next(1, 8))
                {
                    next.Write(x, y, pieces[random.Next(pieces.Length)], styles[random.Next(styles.Length)]);
                }
            }

            // When
            terminal.Feed(writer.Render(shown, next).Span);
            shown = next;

            // Then
            for (int y = 0; y < 6; y++)
            {
                Assert.Equal(next.Line(y), terminal.Screen.Line(y));
                for (int x = 0; x < 30; x++)
                {
                    Assert.True(next[x, y].Style == terminal.Screen[x, y].Style || next[x, y].IsContinuation, $"frame {frame}, cell {x},{y}");
                }
            }
        }
    }
}
