using DeadMan.Core.Text;

namespace DeadMan.Terminal.Formatting;

/// <summary>Breaks text at spaces into lines of at most a display width; a word longer than a line is cut.</summary>
public static class TextWrap
{
    /// <param name="indent">Columns the lines after the first start at, taken out of their width.</param>
    public static IEnumerable<string> Lines(string text, int width, int indent = 0)
    {
        string rest = text;
        bool first = true;
        for (int room = width; DisplayWidth.Of(rest) > room && room > 8; room = width - indent)
        {
            int cut = rest.LastIndexOf(' ', Math.Min(rest.Length - 1, room));
            cut = cut <= 0 ? Math.Min(rest.Length, room) : cut;
            yield return (first ? "" : new string(' ', indent)) + rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
            first = false;
        }

        yield return (first ? "" : new string(' ', indent)) + rest;
    }
}
