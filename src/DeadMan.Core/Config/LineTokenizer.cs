using System.Text;

namespace DeadMan.Core.Config;

/// <summary>
/// Splits a line the way deadman does (tabs and spaces, <c>#</c> comments) and adds double quotes,
/// so names and values may hold spaces: <c>"core switch"</c>, <c>password="a b#c"</c>.
/// </summary>
internal static class LineTokenizer
{
    public static bool TryTokenize(string line, List<LineToken> tokens, out int errorColumn)
    {
        tokens.Clear();
        errorColumn = 0;
        var text = new StringBuilder();
        int i = 0;
        while (true)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length || StartsComment(line, i))
            {
                return true;
            }

            int start = i;
            int equalsAt = -1;
            bool quoted = false;
            text.Clear();
            for (; i < line.Length && (quoted || !char.IsWhiteSpace(line[i])); i++)
            {
                char c = line[i];
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (quoted && c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                {
                    text.Append(line[++i]);
                }
                else
                {
                    if (c == '=' && !quoted && equalsAt < 0)
                    {
                        equalsAt = text.Length;
                    }

                    text.Append(c);
                }
            }

            if (quoted)
            {
                errorColumn = start + 1;
                return false;
            }

            tokens.Add(new LineToken(text.ToString(), start + 1, equalsAt));
        }
    }

    // deadman drops "# …" at the start of a line and "; #" anywhere; a '#' glued to a word is data (a password may hold one).
    private static bool StartsComment(string line, int i)
    {
        if (line[i] == '#')
        {
            return true;
        }

        if (line[i] != ';')
        {
            return false;
        }

        int j = i + 1;
        while (j < line.Length && char.IsWhiteSpace(line[j]))
        {
            j++;
        }

        return j < line.Length && line[j] == '#';
    }
}
