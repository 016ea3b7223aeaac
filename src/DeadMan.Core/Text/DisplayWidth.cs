using System.Globalization;
using System.Text;

namespace DeadMan.Core.Text;

/// <summary>
/// How many terminal columns text takes: East Asian wide and fullwidth characters two (UAX #11), combining marks
/// and format characters none, everything else one. Host names such as <c>ルーター1</c> are aligned by this.
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

    public static int Of(Rune rune)
    {
        int value = rune.Value;
        if (value < 0x20 || (value >= 0x7F && value < 0xA0))
        {
            return 0;
        }

        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            return 0;
        }

        return IsWide(value) ? 2 : 1;
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

    private static bool IsWide(int c) =>
        c is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF)
            or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF)
            or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F)
            or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
            or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD);
}
