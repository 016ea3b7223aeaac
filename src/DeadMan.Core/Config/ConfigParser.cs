using System.Globalization;
using DeadMan.Core.Text;

namespace DeadMan.Core.Config;

/// <summary>
/// Reads deadman.conf: <c>name address [key=value …]</c>, <c>#</c> comments and <c>---</c> separators.
/// Pure: text in, entries and diagnostics out; nothing is resolved or probed.
/// </summary>
public static class ConfigParser
{
    /// <summary>Longer than any host line needs; a longer one is a pasted blob, not a host.</summary>
    public const int MaxLineLength = 4096;

    public static ConfigResult Parse(string text, string fileName)
    {
        var entries = new List<ConfigEntry>();
        var diagnostics = new List<ConfigDiagnostic>();
        var tokens = new List<LineToken>();
        string? group = null;
        string[] lines = text.Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            int lineNumber = index + 1;
            var report = (int column, string message) => diagnostics.Add(new ConfigDiagnostic(fileName, lineNumber, column, message));
            string line = lines[index].TrimEnd('\r');
            if (index == 0)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (LineProblem(line) is { } problem)
            {
                report(problem.Column, problem.Message);
                continue;
            }

            if (!LineTokenizer.TryTokenize(line, tokens, out int quoteColumn))
            {
                report(quoteColumn, "unterminated double quote");
                continue;
            }

            if (tokens.Count == 0)
            {
                continue;
            }

            if (IsSeparator(tokens[0].Text))
            {
                group = SeparatorTitle(tokens);
                entries.Add(new SeparatorSpec(group, lineNumber));
                continue;
            }

            // A line with any problem yields no target, so a half-understood host is never probed.
            int before = diagnostics.Count;
            if (ParseTarget(tokens, group, lineNumber, fileName, report) is { } target && diagnostics.Count == before)
            {
                entries.Add(target);
            }
        }

        return new ConfigResult(entries, diagnostics);
    }

    // A NUL says the file is binary or UTF-16; an escape or other control character could repaint the operator's screen;
    // CR, VT, FF and NEL start a line of their own where a name is printed, and a bidirectional override makes a name
    // read in another order than it is written. Tabs separate words, as in deadman.
    private static (int Column, string Message)? LineProblem(string line)
    {
        if (line.Length > MaxLineLength)
        {
            return (MaxLineLength + 1, string.Create(CultureInfo.InvariantCulture, $"line is {line.Length:N0} characters long; a line may have at most {MaxLineLength:N0}"));
        }

        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c != '\t' && SafeText.IsUnsafe(c))
            {
                return (i + 1, c == '\0' ? "NUL character: is this a binary file, or saved as UTF-16? Save it as UTF-8 text"
                    : char.IsControl(c) ? $"control character U+{(int)c:X4} is not allowed"
                    : $"U+{(int)c:X4} is not allowed: it changes the order in which text reads, or breaks the line");
            }
        }

        return null;
    }

    // deadman takes a first word made only of dashes; three or more dashes glued to a title are taken too.
    private static bool IsSeparator(string first) =>
        first.Length > 0 && (first.All(c => c == '-') || first.StartsWith("---", StringComparison.Ordinal));

    private static string? SeparatorTitle(List<LineToken> tokens)
    {
        string title = string.Join(' ', tokens.Select(t => t.Text)).Trim('-', ' ');
        return title.Length == 0 ? null : title;
    }

    private static TargetSpec? ParseTarget(List<LineToken> tokens, string? group, int line, string fileName, Action<int, string> report)
    {
        LineToken name = tokens[0];
        if (name.Text.Length == 0)
        {
            report(name.Column, "empty host name");
            return null;
        }

        if (tokens.Count < 2)
        {
            report(name.Column + name.Text.Length, $"missing address after name '{name.Text}'");
            return null;
        }

        LineToken addressToken = tokens[1];
        if (!AddressSyntax.TryParse(addressToken.Text, out TargetAddress address, out string addressError))
        {
            report(addressToken.Column, addressError);
        }

        List<ConfigOption> options = ReadOptions(tokens.Skip(2), report);
        ProbeSpec? probe = ProbeSpecBuilder.Build(options, fileName, report);
        TrafficSpec? traffic = TrafficSpecBuilder.Build(options, report);
        (Health.HealthRules health, bool expectDown) = HealthSpecBuilder.Build(options, report);
        return probe is null ? null : new TargetSpec(name.Text, address, probe, group, line) { Traffic = traffic, Options = options, Health = health, ExpectDown = expectDown };
    }

    private static List<ConfigOption> ReadOptions(IEnumerable<LineToken> tokens, Action<int, string> report)
    {
        var options = new List<ConfigOption>();
        foreach (LineToken token in tokens)
        {
            ReadOption(token, options, report);
        }

        return options;
    }

    private static void ReadOption(LineToken token, List<ConfigOption> options, Action<int, string> report)
    {
        if (token.EqualsAt < 0)
        {
            report(token.Column, $"expected key=value, found '{token.Text}'");
            return;
        }

        string key = token.Text[..token.EqualsAt];
        var option = new ConfigOption(key, token.Text[(token.EqualsAt + 1)..], token.Column, token.Column + token.EqualsAt + 1);
        if (Refusal(option, options) is { } refused)
        {
            report(refused.Column, refused.Problem);
            return;
        }

        options.Add(option);
    }

    // Why an option cannot be taken, and where: unknown (with the nearest known), given twice, or empty.
    private static (int Column, string Problem)? Refusal(ConfigOption option, List<ConfigOption> taken)
    {
        string key = option.Key;
        if (!KnownOptions.Contains(key))
        {
            string? hint = Suggest(key);
            return (option.KeyColumn, $"unknown option '{key}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
        }

        if (taken.Any(o => o.Key == key))
        {
            return (option.KeyColumn, $"option '{key}' is given twice");
        }

        return option.Value.Length == 0 ? (option.ValueColumn, $"option '{key}' needs a value") : null;
    }

    /// <summary>The keys upstream deadman reads; later kinds add their own here.</summary>
    internal static readonly IReadOnlyList<string> KnownOptions =
        ["relay", "os", "via", "community", "user", "key", "source", "tcp", "netns", "method", "username", "password", "verify",
         "traffic", "gauges", "snmp", "snmp-port", "snmp-version", "speed", "dns", "dns-type", "dns-expect", "dns-tcp", "size", "df", "pmtu", "url", .. HttpSpecBuilder.Keys, .. HealthSpecBuilder.Keys];

    private static string? Suggest(string key) => Suggestion.Nearest(key, KnownOptions);
}
