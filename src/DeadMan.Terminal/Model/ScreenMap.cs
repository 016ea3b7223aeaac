using DeadMan.Terminal.Table;

namespace DeadMan.Terminal.Model;

/// <summary>
/// Where the last frame put things: what turns a click, a wheel turn or a page key into a change of view.
/// Scrolling counts in lines: a table row is a line; in the compact view a line holds several hosts.
/// </summary>
/// <param name="Rows">The table's rows in the order shown.</param>
/// <param name="Lines">For each row, the line it is on.</param>
/// <param name="FirstLine">The first line on screen.</param>
/// <param name="VisibleLines">How many lines fit.</param>
/// <param name="Cells">Where each row on screen is drawn: its index in <paramref name="Rows"/> and its cell.</param>
/// <param name="TitleY">The line of column titles; -1 when there is none (compact view).</param>
/// <param name="Titles">Column titles that sort when clicked.</param>
public sealed record ScreenMap(
    IReadOnlyList<TableRow> Rows,
    IReadOnlyList<int> Lines,
    int FirstLine,
    int VisibleLines,
    IReadOnlyList<RowCell> Cells,
    int TitleY,
    IReadOnlyList<ColumnTitle> Titles)
{
    public static readonly ScreenMap Empty = new([], [], 0, 0, [], -1, []);

    /// <summary>The events pane: its first line of events and how many fit; 0 when closed.</summary>
    public int EventsTop { get; init; } = -1;

    public int EventsVisible { get; init; }

    public int EventCount { get; init; }

    /// <summary>How many lines of the detail fit, and how many there are.</summary>
    public int DetailVisible { get; init; }

    public int DetailLines { get; init; }

    /// <summary>How many lines of help fit, and how many there are.</summary>
    public int HelpVisible { get; init; }

    public int HelpLines { get; init; }

    /// <summary>Rows of hosts a page key moves by.</summary>
    public int Page => Math.Max(1, VisibleLines - 1);
}

/// <summary>Row <paramref name="Row"/> of the table drawn at <paramref name="X"/>..X+Width-1 on line <paramref name="Y"/>.</summary>
public readonly record struct RowCell(int Row, int X, int Y, int Width);

/// <summary>A column title at <paramref name="X"/>..X+Width-1 that sorts by <paramref name="Sort"/>.</summary>
public readonly record struct ColumnTitle(int X, int Width, SortOrder Sort);
