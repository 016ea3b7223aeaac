using System.Text;
using Wcwidth;

namespace DeadMan.Core.Text;

/// <summary>
/// How many terminal columns text takes: East Asian wide and fullwidth characters and emoji two (UAX #11), combining
/// marks and format characters none, everything else one, as Wcwidth reads Unicode's tables. Host names such as
/// <c>ルーター1</c> are aligned by this.
/// </summary>
public static class DisplayWidth
{
    // Width + 1 of each character of the Basic Multilingual Plane once looked up; 0 while not yet. The screen draws
    // the same sparkline blocks and names every frame, and the table search for each cell cost a tenth of a frame.
    private static readonly byte[] s_basicPlane = new byte[0x10000];

    public static int Of(string text)
    {
        // Printable ASCII, one column a character: found in one vectorised pass; the screen measures every name and
        // address on every frame to lay out the table.
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return text.Length;
        }

        int width = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    /// <summary>
    /// Per Unicode's width tables (Wcwidth); control characters, which deadman never draws, count as none. Printable
    /// ASCII, nearly every character of a host list, is answered without the table search: laying out 10,000 rows
    /// measures every name and address each frame, and the search made that four times slower (measured). Other
    /// characters of the Basic Multilingual Plane are searched once and remembered.
    /// </summary>
    public static int Of(Rune rune)
    {
        int value = rune.Value;
        if (value is >= 0x20 and < 0x7F)
        {
            return 1;
        }

        if (value >= s_basicPlane.Length)
        {
            return Math.Max(0, UnicodeCalculator.GetWidth(rune));
        }

        int known = s_basicPlane[value];
        if (known == 0)
        {
            // Two threads may both look it up; they store the same answer.
            known = Math.Max(0, UnicodeCalculator.GetWidth(rune)) + 1;
            s_basicPlane[value] = (byte)known;
        }

        return known - 1;
    }

    /// <summary>Pads with spaces to <paramref name="width"/> columns, or cuts at a character boundary to fit.</summary>
    public static string Fit(string text, int width)
    {
        var builder = new StringBuilder();
        int used = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            int w = Of(rune);
            if (used + w > width)
            {
                break;
            }

            builder.Append(rune.ToString());
            used += w;
        }

        return builder.Append(' ', width - used).ToString();
    }
}
