using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Fuzz;

/// <summary>
/// deadman.conf, from bytes: every diagnostic points inside the input, and a file that parses prints with
/// <c>--check</c> and, written back out, parses again to the same entries.
/// </summary>
public static class ConfigTarget
{
    private const string FileName = "fuzz.conf";

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (ConfigFile.Decode(input, FileName, out string text) is { } invalid)
        {
            Oracle.Check(invalid.Line >= 1 && invalid.Column >= 1, $"UTF-8 diagnostic outside the input: {invalid}");
            return;
        }

        ConfigResult result = ConfigParser.Parse(text, FileName);
        string[] lines = text.Split('\n');
        foreach (ConfigDiagnostic diagnostic in result.Diagnostics)
        {
            Oracle.Check(diagnostic.Line >= 1 && diagnostic.Line <= lines.Length, $"line out of the file: {diagnostic}");
            Oracle.Check(diagnostic.Column >= 1 && diagnostic.Column <= lines[diagnostic.Line - 1].Length + 1, $"column out of the line: {diagnostic}");
        }

        if (result.HasErrors)
        {
            return;
        }

        CheckReport.WriteText(result, DeadmanSettings.None, TextWriter.Null);
        using (var json = new MemoryStream())
        {
            CheckReport.WriteJson(result, DeadmanSettings.None, json);
        }

        string printed = ConfigPrinter.Print(result.Entries);
        ConfigResult again = ConfigParser.Parse(printed, FileName);
        Oracle.Check(!again.HasErrors, $"the printed file does not parse: {string.Join("; ", again.Diagnostics)}\n{printed}");
        Oracle.Check(result.Entries.Select(Canonical).SequenceEqual(again.Entries.Select(Canonical)), $"the printed file parses to other entries:\n{printed}");
    }

    /// <summary>Everything an entry means, as text (records with lists and secrets do not compare by value).</summary>
    public static string Canonical(ConfigEntry entry) => entry switch
    {
        SeparatorSpec separator => $"--- {separator.Title}",
        TargetSpec target => string.Join('\u001f',
            target.Name, target.Address.Text, target.Address.Literal, target.Address.Scope, target.Group, target.Probe.Identity,
            string.Join(',', target.Options.Select(o => $"{o.Key}={o.Value}")),
            target.Traffic is { } t ? $"{string.Join(',', t.Interfaces)} {t.Access.Community?.Reveal()} {t.Access.Credentials} {t.Port} {t.Version} {t.SpeedBitsPerSecond}" : ""),
        _ => entry.ToString() ?? "",
    };
}
