namespace DeadMan.Terminal.Input;

/// <summary>
/// Turns the keys System.Console reads into keys and mouse events. Console decodes the sequences it knows (arrows,
/// paging keys) and hands over the others one character at a time, in order: an SGR mouse report (xterm mode 1006)
/// arrives as Esc, '[', '&lt;', the button, ';', the column, ';', the row, then 'M' (press) or 'm' (release).
/// A lone Esc is the Escape key only once nothing followed it for a whole frame: a report split between two reads
/// must not close the pane the operator is clicking in.
/// </summary>
public sealed class InputDecoder
{
    private const char Esc = '\u001b';
    private const int LongestReport = 24;

    private readonly List<ConsoleKeyInfo> _pending = [];
    private bool _pendingSeen;

    /// <summary>Takes one key from the console; adds what it completes to <paramref name="output"/>.</summary>
    public void Add(ConsoleKeyInfo key, List<InputEvent> output)
    {
        _pending.Add(key);
        _pendingSeen = false;
        Decode(output);
    }

    /// <summary>Called once per frame, after the keys read meanwhile: an Esc left alone for a frame is the Escape key.</summary>
    public void Flush(List<InputEvent> output)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (!_pendingSeen)
        {
            _pendingSeen = true;
            return;
        }

        // An Esc with nothing after it was the key; the start of a report that never finished is dropped.
        if (_pending.Count == 1)
        {
            output.Add(InputEvent.Of(_pending[0]));
        }

        _pending.Clear();
    }

    private void Decode(List<InputEvent> output)
    {
        while (_pending.Count > 0)
        {
            if (_pending[0].KeyChar != Esc || _pending[0].Modifiers != 0)
            {
                output.Add(InputEvent.Of(_pending[0]));
                _pending.RemoveAt(0);
                continue;
            }

            if (_pending.Count == 1)
            {
                return;
            }

            if (_pending[1].KeyChar != '[')
            {
                // Esc then a key: the operator pressed Escape, then that key.
                output.Add(InputEvent.Of(_pending[0]));
                _pending.RemoveAt(0);
                continue;
            }

            // The final byte of a control sequence is the first from '@' to '~'; parameters ('<', digits, ';') lie below.
            int end = _pending.FindIndex(2, k => k.KeyChar is >= '@' and <= '~');
            if (end < 0)
            {
                if (_pending.Count > LongestReport)
                {
                    _pending.Clear();
                }

                return;
            }

            string sequence = new([.. _pending.Take(end + 1).Select(k => k.KeyChar)]);
            _pending.RemoveRange(0, end + 1);
            if (ParseMouse(sequence) is { } mouse)
            {
                output.Add(InputEvent.Of(mouse));
            }
        }
    }

    /// <summary>"\e[&lt;b;x;yM": b's low bits the button, 64 the wheel, 32 a motion; x and y count from 1. Releases and motions are dropped.</summary>
    public static MouseEvent? ParseMouse(string sequence)
    {
        if (sequence.Length < 9 || !sequence.StartsWith("\u001b[<", StringComparison.Ordinal) || sequence[^1] != 'M')
        {
            return null;
        }

        string[] fields = sequence[3..^1].Split(';');
        if (fields.Length != 3 || !int.TryParse(fields[0], out int b) || !int.TryParse(fields[1], out int x) || !int.TryParse(fields[2], out int y)
            || x < 1 || y < 1 || (b & 32) != 0)
        {
            return null;
        }

        MouseButton? button = (b & 64) != 0
            ? (b & 3) switch { 0 => MouseButton.WheelUp, 1 => MouseButton.WheelDown, _ => null }
            : (b & 3) switch { 0 => MouseButton.Left, 1 => MouseButton.Middle, 2 => MouseButton.Right, _ => null };
        return button is { } pressed ? new MouseEvent(pressed, x - 1, y - 1) : null;
    }
}
