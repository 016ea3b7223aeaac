using System.Text;

namespace DeadMan.Terminal.Screen;

/// <summary>
/// One terminal column. A wide character (<c>会</c>) occupies its cell with <see cref="Width"/> 2 and the cell to its
/// right as a continuation with width 0, so the grid always has one cell per column.
/// </summary>
public readonly record struct Cell(Rune Rune, Style Style, byte Width)
{
    public static readonly Cell Blank = new(new Rune(' '), Style.Default, 1);

    public bool IsContinuation => Width == 0;

    // Field by field, without the generic comparers a record's generated equality goes through: the frame writer
    // compares every cell of every changed row several times a frame.
    public bool Equals(Cell other) => Rune.Value == other.Rune.Value && Width == other.Width && Style.Equals(other.Style);

    public override int GetHashCode() => HashCode.Combine(Rune.Value, Style, Width);
}
