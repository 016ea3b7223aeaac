using System.Globalization;
using System.Text;

namespace DeadMan.Core.Text;

/// <summary>
/// Text from outside (host names, Prometheus labels, keys of a settings file, what a program or an agent said) made
/// safe to print on one line of a terminal, a log or a report: control characters (an escape would repaint the
/// reader's screen or retitle it; CR, VT, FF and NEL would start a line of their own) and the characters that
/// reorder or hide text (bidirectional overrides, isolates and marks, line and paragraph separators) are written
/// as escapes that can be read: <c>evil\x1b]0;PWNED\x07</c>, <c>\u202e</c>. Anything else is left as it is.
/// </summary>
public static class SafeText
{
    public static string Line(string text)
    {
        int first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c))
            {
                safe.Append(c);
            }
            else if (c < 0x100)
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return safe.ToString();
    }

    /// <summary>True for a character that must not reach a reader's terminal as it is (tab included).</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) // C0 (tab, CR, VT, FF too), DEL, C1 (NEL, CSI)
        || c is '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    private static int FirstUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
