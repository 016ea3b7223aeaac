using System.Text;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Tests.Ansi;

/// <summary>
/// A small model of an xterm-like terminal, enough for what the frame writer sends (CUP, CUF, CUB, CR, ICH, ED,
/// SGR, DEC private modes, UTF-8 text with wide characters), so tests can check that bytes produce the intended screen.
/// </summary>
public sealed class VirtualTerminal(int width, int height)
{
    private readonly ScreenBuffer _screen = new(width, height);
    private Style _style = Style.Default;
    private int _x;
    private int _y;

    public ScreenBuffer Screen => _screen;

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        string text = Encoding.UTF8.GetString(bytes);
        for (int i = 0; i < text.Length;)
        {
            if (text[i] == '\e' && i + 1 < text.Length && text[i + 1] == '[')
            {
                int end = i + 2;
                while (end < text.Length && !(text[end] >= '@' && text[end] <= '~'))
                {
                    end++;
                }

                Control(text[(i + 2)..end], text[end]);
                i = end + 1;
            }
            else if (text[i] == '\r')
            {
                _x = 0;
                i++;
            }
            else
            {
                Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed);
                int columns = _screen.Write(Math.Min(_x, width - 1), _y, rune.ToString(), _style);
                _x = Math.Min(width - 1, _x + columns);
                i += consumed;
            }
        }
    }

    private void Control(string parameters, char final)
    {
        if (parameters.StartsWith('?'))
        {
            return;
        }

        int[] values = parameters.Length == 0 ? [] : parameters.Split(';').Select(p => p.Length == 0 ? 0 : int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int first = values.Length > 0 && values[0] > 0 ? values[0] : 1;
        switch (final)
        {
            case 'H':
                _y = first - 1;
                _x = (values.Length > 1 ? values[1] : 1) - 1;
                break;
            case 'C':
                _x = Math.Min(width - 1, _x + first);
                break;
            case 'D':
                _x = Math.Max(0, _x - first);
                break;
            case 'J':
                _screen.Clear();
                break;
            case '@':
                Insert(first);
                break;
            case 'm':
                _style = Sgr(values.Length == 0 ? [0] : values);
                break;
            default:
                throw new InvalidOperationException($"unexpected sequence ESC [ {parameters}{final}");
        }
    }

    private void Insert(int count)
    {
        var cells = Enumerable.Range(0, width).Select(x => _screen[x, _y]).ToArray();
        for (int x = width - 1; x >= _x; x--)
        {
            Cell cell = x - count >= _x ? cells[x - count] : Cell.Blank;
            _screen.Write(x, _y, cell.IsContinuation ? " " : cell.Rune.ToString(), cell.Style, cell.IsContinuation ? 1 : cell.Width);
        }
    }

    private Style Sgr(int[] values)
    {
        Style style = _style;
        foreach (int value in values)
        {
            style = value switch
            {
                0 => Style.Default,
                1 => style.With(TextAttributes.Bold),
                2 => style.With(TextAttributes.Dim),
                4 => style.With(TextAttributes.Underline),
                5 => style.With(TextAttributes.Blink),
                7 => style.With(TextAttributes.Reverse),
                39 => style with { Foreground = TerminalColor.Default },
                49 => style with { Background = TerminalColor.Default },
                >= 30 and <= 37 => style with { Foreground = (TerminalColor)(value - 29) },
                >= 40 and <= 47 => style with { Background = (TerminalColor)(value - 39) },
                _ => throw new InvalidOperationException($"unexpected SGR {value}"),
            };
        }

        return style;
    }
}
