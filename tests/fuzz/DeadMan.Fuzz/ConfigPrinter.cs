using System.Text;

using DeadMan.Core.Config;

namespace DeadMan.Fuzz;

/// <summary>
/// Writes parsed entries back as deadman.conf text that parses to the same targets: names, addresses and option
/// values are quoted where the tokenizer would otherwise split, comment or unescape them. Credentials are written
/// as they are, so this is for files, never for output a person reads.
/// </summary>
public static class ConfigPrinter
{
    public static string Print(IEnumerable<ConfigEntry> entries)
    {
        var text = new StringBuilder();
        foreach (ConfigEntry entry in entries)
        {
            switch (entry)
            {
                case SeparatorSpec separator:
                    text.Append("---");
                    if (separator.Title is { } title)
                    {
                        text.Append(' ').Append(Quote(title));
                    }

                    break;
                case TargetSpec target:
                    text.Append(Quote(target.Name)).Append(' ').Append(Quote(target.Address.Text));
                    foreach (ConfigOption option in target.Options)
                    {
                        text.Append(' ').Append(option.Key).Append('=').Append(Quote(option.Value));
                    }

                    break;
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The word as the tokenizer reads it back: quoted when it holds what would split it or start a comment.</summary>
    public static string Quote(string word)
    {
        bool plain = word.Length > 0 && word[0] is not ('#' or ';') && !word.Any(c => char.IsWhiteSpace(c) || c == '"');
        return plain ? word : "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
