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
    public static int Of(string text)
    {
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
    /// measures every name and address each frame, and the search made that four times slower (measured).
    /// </summary>
    public static int Of(Rune rune) => rune.Value is >= 0x20 and < 0x7F ? 1 : Math.Max(0, UnicodeCalculator.GetWidth(rune));

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
