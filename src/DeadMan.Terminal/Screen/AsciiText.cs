using System.Text;

namespace DeadMan.Terminal.Screen;

/// <summary>The symbols deadman's own words use, in ASCII, for a terminal that has only that; other text is left as it is.</summary>
public static class AsciiText
{
    private static readonly Dictionary<char, string> s_symbols = new()
    {
        ['≥'] = ">=",
        ['≤'] = "<=",
        ['·'] = "-",
        ['…'] = "...",
        ['─'] = "-",
        ['—'] = "-",
        ['–'] = "-",
        ['▲'] = "^",
        ['▼'] = "v",
        ['◆'] = "*",
        ['▶'] = ">",
        ['•'] = "*",
        ['→'] = "->",
        ['↑'] = "^",
        ['↓'] = "v",
        ['×'] = "x",
    };

    public static string Of(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return text;
        }

        var ascii = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            ascii.Append(s_symbols.TryGetValue(c, out string? symbol) ? symbol : c);
        }

        return ascii.ToString();
    }
}
