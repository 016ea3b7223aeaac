using System.Text;
using DeadMan.Core.Text;

namespace DeadMan.Terminal.Screen;

/// <summary>A grid of cells that views draw into; the frame writer turns the difference between two into bytes.</summary>
public sealed class ScreenBuffer
{
    private readonly Cell[] _cells;

    public ScreenBuffer(int width, int height)
    {
        Width = Math.Max(0, width);
        Height = Math.Max(0, height);
        _cells = new Cell[Width * Height];
        Clear();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>
    /// Set for a terminal without Unicode (--ascii, a non-UTF-8 locale): the symbols deadman's own words use are
    /// written as ASCII (≥ as >=, · as -, … as ...), so no view needs to know.
    /// </summary>
    public bool AsciiOnly { get; set; }

    public Cell this[int x, int y] => _cells[(y * Width) + x];

    public void Clear() => Array.Fill(_cells, Cell.Blank);

    /// <summary>Writes text from column <paramref name="x"/>, clipped to <paramref name="maxWidth"/> columns and the screen; returns the columns used.</summary>
    public int Write(int x, int y, string text, Style style, int maxWidth = int.MaxValue)
    {
        if (y < 0 || y >= Height)
        {
            return 0;
        }

        int limit = (int)Math.Min(Width, (long)x + Math.Max(0, maxWidth));
        int column = x;
        if (AsciiOnly)
        {
            text = AsciiText.Of(text);
        }

        foreach (Rune rune in text.EnumerateRunes())
        {
            int width = DisplayWidth.Of(rune);
            if (width == 0)
            {
                continue;
            }

            if (column + width > limit)
            {
                // A wide character that would be cut in half is not drawn; its first column is left blank.
                if (width == 2 && column < limit)
                {
                    Set(column, y, new Cell(new Rune(' '), style, 1));
                    column++;
                }

                break;
            }

            if (column >= 0)
            {
                Set(column, y, new Cell(rune, style, (byte)width));
                if (width == 2)
                {
                    Set(column + 1, y, new Cell(rune, style, 0));
                }
            }

            column += width;
        }

        return column - x;
    }

    public void Fill(int x, int y, int width, Rune rune, Style style)
    {
        for (int column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
        {
            Set(column, y, new Cell(rune, style, 1));
        }
    }

    /// <summary>Changes the style of cells already drawn (a down row turns red whatever its text).</summary>
    public void Restyle(int x, int y, int width, Func<Style, Style> change)
    {
        for (int column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
        {
            Cell cell = this[column, y];
            _cells[(y * Width) + column] = cell with { Style = change(cell.Style) };
        }
    }

    /// <summary>The text of one row, wide characters once, for tests and goldens.</summary>
    public string Line(int y)
    {
        var line = new StringBuilder(Width);
        for (int x = 0; x < Width; x++)
        {
            if (!this[x, y].IsContinuation)
            {
                line.Append(this[x, y].Rune.ToString());
            }
        }

        return line.ToString();
    }

    // Overwriting half of a wide character blanks the other half, as a terminal would.
    private void Set(int x, int y, Cell cell)
    {
        if (x < 0 || x >= Width)
        {
            return;
        }

        int index = (y * Width) + x;
        Cell old = _cells[index];
        if (old.IsContinuation && x > 0 && cell.Width != 0)
        {
            _cells[index - 1] = Cell.Blank with { Style = _cells[index - 1].Style };
        }
        else if (old.Width == 2 && cell.Width != 2 && x + 1 < Width)
        {
            _cells[index + 1] = Cell.Blank with { Style = old.Style };
        }

        _cells[index] = cell;
    }
}
