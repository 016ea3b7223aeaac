using System.Text;
using DeadMan.Terminal.Screen;
using DeadMan.Tests.Common;

namespace DeadMan.Terminal.Tests.Frames;

/// <summary>
/// A whole screen as a golden file: the text, then a line <c>---- styles</c>, then one letter per cell: <c>.</c>
/// default, <c>g</c> green, <c>r</c> red, <c>y</c> yellow, <c>m</c> magenta (upper case when bold), <c>B</c> bold,
/// <c>~</c> dim, <c>u</c> underlined, <c>#</c> reverse video, <c>!</c> alert (white on red). Compared by <see cref="GoldenFile"/>.
/// </summary>
public static class FrameGolden
{
    private static string Directory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static void Assert(string name, ScreenBuffer screen) => GoldenFile.Assert(Path.Combine(Directory(), name + ".txt"), Render(screen));

    public static string Render(ScreenBuffer screen)
    {
        var text = new StringBuilder();
        for (int y = 0; y < screen.Height; y++)
        {
            text.Append(screen.Line(y).TrimEnd()).Append('\n');
        }

        text.Append("---- styles\n");
        for (int y = 0; y < screen.Height; y++)
        {
            var line = new StringBuilder();
            for (int x = 0; x < screen.Width; x++)
            {
                line.Append(Code(screen[x, y].Style));
            }

            text.Append(line.ToString().TrimEnd('.')).Append('\n');
        }

        return text.ToString();
    }

    private static char Code(Style style)
    {
        if (style.Background == TerminalColor.Red)
        {
            return '!';
        }

        if (style.Attributes.HasFlag(TextAttributes.Reverse))
        {
            return '#';
        }

        bool bold = style.Attributes.HasFlag(TextAttributes.Bold);
        char color = style.Foreground switch
        {
            TerminalColor.Red => 'r',
            TerminalColor.Green => 'g',
            TerminalColor.Yellow => 'y',
            TerminalColor.Magenta => 'm',
            TerminalColor.Blue => 'l',
            TerminalColor.White => 'w',
            _ => style.Attributes.HasFlag(TextAttributes.Dim) ? '~' : bold ? 'B' : style.Attributes.HasFlag(TextAttributes.Underline) ? 'u' : '.',
        };
        return bold ? char.ToUpperInvariant(color) : color;
    }
}
