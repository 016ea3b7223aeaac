using System.Text;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Ansi;

/// <summary>
/// Turns the difference between the frame on the terminal and the next one into the fewest bytes it can find:
/// only changed cells are written, with the shortest cursor moves and style changes. A row whose tail moved right
/// (a sparkline, newest at the left, gaining one result) is shifted by the terminal itself with insert-character
/// (ICH) and only the new cells are written; whole rows are never rewritten for that. The only place in the
/// program that knows escape sequences.
/// </summary>
public sealed class FrameWriter
{
    private const int MaxShift = 2;
    private const int MinShiftedMatch = 8;
    // Rewriting up to three unchanged ASCII cells costs no more than jumping them with a cursor move.
    private const int MaxRewrittenGap = 3;

    private readonly bool _synchronizedOutput;
    private TerminalOutput? _terminal;

    /// <summary>Takes the screen: the alternate screen, cursor hidden, cleared.</summary>
    public static ReadOnlySpan<byte> EnterFullScreen => "\e[?1049h\e[?25l\e[H\e[2J"u8;

    /// <summary>Gives the screen back as it was: ends any synchronized frame, resets style, shows the cursor, leaves the alternate screen.</summary>
    public static ReadOnlySpan<byte> LeaveFullScreen => "\e[?2026l\e[0m\e[?25h\e[?1049l"u8;

    /// <summary>
    /// Mouse reports for presses, releases and the wheel (1000), in SGR form (1006): "\e[&lt;b;x;yM", decimal, no
    /// limit at column 223 as the old form has. Switched off again by <see cref="MouseOff"/> on every way out.
    /// </summary>
    public static ReadOnlySpan<byte> MouseOn => "\e[?1000h\e[?1006h"u8;

    public static ReadOnlySpan<byte> MouseOff => "\e[?1006l\e[?1000l"u8;

    /// <summary>The bell (BEL), which tmux turns into a window alert.</summary>
    public static ReadOnlySpan<byte> Bell => "\a"u8;

    /// <summary>Keeps the terminal's own title on its title stack (xterm; others ignore it), for <see cref="PopTitle"/>.</summary>
    public static ReadOnlySpan<byte> PushTitle => "\e[22;0t"u8;

    public static ReadOnlySpan<byte> PopTitle => "\e[23;0t"u8;

    /// <summary>
    /// OSC 2: the window title, which tmux shows as the pane title and a window list or a minimised terminal keeps in
    /// view. Control characters in it (a host name is the operator's text) are left out, so it cannot end early.
    /// </summary>
    public static byte[] Title(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (!Rune.IsControl(rune))
            {
                clean.Append(rune.ToString());
            }
        }

        return Encoding.UTF8.GetBytes($"\e]2;{clean}\a");
    }

    /// <param name="synchronizedOutput">Wrap each frame in DEC mode 2026 so the terminal shows it at once, never half-drawn.</param>
    public FrameWriter(bool synchronizedOutput) => _synchronizedOutput = synchronizedOutput;

    /// <summary>The bytes that turn <paramref name="previous"/> (what the terminal shows; null if unknown) into <paramref name="next"/>.</summary>
    public ReadOnlyMemory<byte> Render(ScreenBuffer? previous, ScreenBuffer next)
    {
        bool full = previous is null || previous.Width != next.Width || previous.Height != next.Height || _terminal?.Width != next.Width;
        TerminalOutput frame = full ? new TerminalOutput(next.Width) : _terminal!;
        frame.Restart();
        if (full)
        {
            frame.SetStyle(Style.Default);
            frame.Raw("\e[H\e[2J");
            frame.MoveTo(0, 0);
        }

        Cell[] before = new Cell[next.Width];
        for (int y = 0; y < next.Height; y++)
        {
            for (int x = 0; x < next.Width; x++)
            {
                before[x] = full ? Cell.Blank : previous![x, y];
            }

            DrawRow(frame, before, next, y);
        }

        _terminal = frame;
        if (frame.Bytes.WrittenCount == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (!_synchronizedOutput)
        {
            return frame.Bytes.WrittenMemory;
        }

        byte[] wrapped = [.. "\e[?2026h"u8, .. frame.Bytes.WrittenSpan, .. "\e[?2026l"u8];
        return wrapped;
    }

    private static void DrawRow(TerminalOutput terminal, Cell[] before, ScreenBuffer next, int y)
    {
        int first = FirstDifference(before, next, y);
        if (first < 0)
        {
            return;
        }

        TerminalOutput best = Plan(terminal.Fork(), before, next, y, 0, 0);
        for (int shift = 1; shift <= MaxShift; shift++)
        {
            if (InsertionPoint(before, next, y, first, shift) is { } at)
            {
                TerminalOutput shifted = Plan(terminal.Fork(), Shift(before, at, shift), next, y, at, shift);
                if (shifted.Bytes.WrittenCount < best.Bytes.WrittenCount)
                {
                    best = shifted;
                }
            }
        }

        terminal.Adopt(best);
    }

    private static int FirstDifference(Cell[] before, ScreenBuffer next, int y)
    {
        for (int x = 0; x < before.Length; x++)
        {
            if (before[x] != next[x, y])
            {
                return x;
            }
        }

        return -1;
    }

    // Where to insert so that the row's tail lines up: the leftmost column from which every cell of the next frame
    // is the cell `shift` columns to its left now. Null when that tail is too short to be worth an insert.
    private static int? InsertionPoint(Cell[] before, ScreenBuffer next, int y, int first, int shift)
    {
        int x = before.Length - 1;
        while (x - shift >= first && next[x, y] == before[x - shift])
        {
            x--;
        }

        int at = x + 1 - shift;
        bool wideCut = at < before.Length && before[at].IsContinuation;
        return before.Length - (at + shift) >= MinShiftedMatch && !wideCut ? at : null;
    }

    // What the row looks like after ICH at `first`: blanks inserted, the tail moved right, the last cells gone.
    private static Cell[] Shift(Cell[] before, int first, int shift)
    {
        Cell[] shifted = (Cell[])before.Clone();
        for (int x = before.Length - 1; x >= first; x--)
        {
            shifted[x] = x - shift >= first ? before[x - shift] : Cell.Blank;
        }

        return shifted;
    }

    private static TerminalOutput Plan(TerminalOutput terminal, Cell[] baseline, ScreenBuffer next, int y, int at, int shift)
    {
        if (shift > 0)
        {
            terminal.MoveTo(at, y);
            // Inserted blanks take the current background; make it the default one.
            if (terminal.Current is not { } current || current.Background != TerminalColor.Default || current.Attributes.HasFlag(TextAttributes.Reverse))
            {
                terminal.SetStyle(Style.Default);
            }

            terminal.Insert(shift);
        }

        List<(int Start, int End)> runs = Runs(baseline, next, y);
        while (runs.Count > 0)
        {
            int chosen = Cheapest(terminal, runs, next, y);
            (int start, int end) = runs[chosen];
            runs.RemoveAt(chosen);
            terminal.MoveTo(start, y);
            for (int x = start; x < end; x++)
            {
                Cell cell = next[x, y];
                if (!cell.IsContinuation)
                {
                    terminal.SetStyle(cell.Style);
                    terminal.Put(cell);
                }
            }
        }

        return terminal;
    }

    // Greedy: next the run that is cheapest to reach from here (cursor move plus style change).
    private static int Cheapest(TerminalOutput terminal, List<(int Start, int End)> runs, ScreenBuffer next, int y)
    {
        int best = 0;
        int bestCost = int.MaxValue;
        for (int i = 0; i < runs.Count; i++)
        {
            int cost = TerminalOutput.MoveCost(terminal.X, terminal.Y, runs[i].Start, y)
                       + TerminalOutput.StyleCost(terminal.Current, next[runs[i].Start, y].Style);
            if (cost < bestCost)
            {
                (best, bestCost) = (i, cost);
            }
        }

        return best;
    }

    // Changed columns grouped into runs; a wide character is always written from its first column; short gaps of
    // unchanged cells in the same style are rewritten rather than jumped, which is shorter.
    private static List<(int Start, int End)> Runs(Cell[] baseline, ScreenBuffer next, int y)
    {
        var runs = new List<(int Start, int End)>();
        int x = 0;
        while (x < baseline.Length)
        {
            if (baseline[x] == next[x, y])
            {
                x++;
                continue;
            }

            int start = next[x, y].IsContinuation && x > 0 ? x - 1 : x;
            int end = x + 1;
            while (end < baseline.Length && (baseline[end] != next[end, y] || next[end, y].IsContinuation))
            {
                end++;
            }

            if (runs.Count > 0 && CanBridge(next, y, runs[^1].End, start))
            {
                start = runs[^1].Start;
                runs.RemoveAt(runs.Count - 1);
            }

            runs.Add((start, end));
            x = end;
        }

        return runs;
    }

    private static bool CanBridge(ScreenBuffer next, int y, int gapStart, int gapEnd)
    {
        if (gapEnd - gapStart > MaxRewrittenGap || gapStart == 0)
        {
            return false;
        }

        Style style = next[gapStart - 1, y].Style;
        for (int x = gapStart; x <= gapEnd && x < next.Width; x++)
        {
            if (next[x, y].Style != style || next[x, y].Width != 1 || next[x, y].Rune.Value > 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
