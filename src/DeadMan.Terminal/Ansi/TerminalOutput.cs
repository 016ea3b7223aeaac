using System.Buffers;
using System.Globalization;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Ansi;

/// <summary>
/// Bytes for the terminal plus a model of what they do to it: where the cursor is and which style is set, so that
/// each move and each style change is the shortest one. Cheap to copy, to try two ways of drawing a row.
/// </summary>
internal sealed class TerminalOutput
{
    private const byte Escape = 0x1B;

    public TerminalOutput(int width) => Width = width;

    public int Width { get; }

    public ArrayBufferWriter<byte> Bytes { get; private set; } = new(4096);

    /// <summary>Cursor column, or -1 when unknown (after writing the last column the terminal waits to wrap).</summary>
    public int X { get; private set; } = -1;

    public int Y { get; private set; } = -1;

    public Style? Current { get; private set; }

    public TerminalOutput Fork() => new(Width) { X = X, Y = Y, Current = Current };

    /// <summary>Starts a new frame: no bytes yet, the terminal as the last frame left it.</summary>
    public void Restart() => Bytes = new ArrayBufferWriter<byte>(4096);

    /// <summary>Takes over the state and appends the bytes of a fork that was chosen.</summary>
    public void Adopt(TerminalOutput fork)
    {
        Bytes.Write(fork.Bytes.WrittenSpan);
        (X, Y, Current) = (fork.X, fork.Y, fork.Current);
    }

    public void Raw(string ascii)
    {
        Span<byte> span = Bytes.GetSpan(ascii.Length);
        for (int i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        Bytes.Advance(ascii.Length);
    }

    /// <summary>The cheapest of: nothing, carriage return, cursor forward/back, absolute position.</summary>
    public void MoveTo(int x, int y)
    {
        if (X == x && Y == y)
        {
            return;
        }

        if (Y == y && X >= 0)
        {
            if (x == 0)
            {
                Bytes.Write("\r"u8);
            }
            else
            {
                Sequence(x > X ? 'C' : 'D', Math.Abs(x - X));
            }
        }
        else
        {
            Position(x, y);
        }

        (X, Y) = (x, y);
    }

    // CUP, the column left out when it is the first.
    private void Position(int x, int y)
    {
        Bytes.Write([Escape, (byte)'[']);
        Number(y + 1);
        if (x > 0)
        {
            Bytes.Write(";"u8);
            Number(x + 1);
        }

        Bytes.Write("H"u8);
    }

    public static int MoveCost(int fromX, int fromY, int x, int y)
    {
        if (fromX == x && fromY == y)
        {
            return 0;
        }

        if (fromY == y && fromX >= 0)
        {
            return x == 0 ? 1 : 3 + Digits(Math.Abs(x - fromX), omitOne: true);
        }

        return 3 + Digits(y + 1, omitOne: false) + (x > 0 ? 1 + Digits(x + 1, omitOne: false) : 0);
    }

    /// <summary>Insert characters (ICH): the rest of the line moves right, the last cells fall off the edge.</summary>
    public void Insert(int count) => Sequence('@', count);

    public void SetStyle(Style style)
    {
        if (Current == style)
        {
            return;
        }

        Bytes.Write([Escape, (byte)'[']);
        var parameters = new List<int>(4);
        Style from = Current ?? Style.Default;
        // Attributes can only be switched off one by one on some terminals; a reset is shorter and always works.
        bool reset = Current is null || (from.Attributes & ~style.Attributes) != 0;
        if (reset)
        {
            from = Style.Default;
            if (style != Style.Default)
            {
                parameters.Add(0);
            }
        }

        foreach ((TextAttributes attribute, int code) in s_attributeCodes)
        {
            if (style.Attributes.HasFlag(attribute) && !from.Attributes.HasFlag(attribute))
            {
                parameters.Add(code);
            }
        }

        if (style.Foreground != from.Foreground)
        {
            parameters.Add(style.Foreground == TerminalColor.Default ? 39 : 29 + (int)style.Foreground);
        }

        if (style.Background != from.Background)
        {
            parameters.Add(style.Background == TerminalColor.Default ? 49 : 39 + (int)style.Background);
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                Bytes.Write(";"u8);
            }

            Number(parameters[i]);
        }

        Bytes.Write("m"u8);
        Current = style;
    }

    public static int StyleCost(Style? current, Style style) => current == style ? 0 : 7;

    public void Put(Cell cell)
    {
        Span<byte> span = Bytes.GetSpan(4);
        Bytes.Advance(cell.Rune.EncodeToUtf8(span));
        X += cell.Width;
        if (X >= Width)
        {
            X = -1;
        }
    }

    private void Sequence(char final, int count)
    {
        Bytes.Write([Escape, (byte)'[']);
        if (count != 1)
        {
            Number(count);
        }

        Span<byte> span = Bytes.GetSpan(1);
        span[0] = (byte)final;
        Bytes.Advance(1);
    }

    private void Number(int value)
    {
        Span<byte> span = Bytes.GetSpan(11);
        value.TryFormat(span, out int written, provider: CultureInfo.InvariantCulture);
        Bytes.Advance(written);
    }

    private static int Digits(int value, bool omitOne) => omitOne && value == 1 ? 0 : value.ToString(CultureInfo.InvariantCulture).Length;

    private static readonly (TextAttributes, int)[] s_attributeCodes =
    [
        (TextAttributes.Bold, 1), (TextAttributes.Dim, 2), (TextAttributes.Underline, 4), (TextAttributes.Blink, 5), (TextAttributes.Reverse, 7),
    ];
}
