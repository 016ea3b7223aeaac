using System.Text;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Fuzz;

/// <summary>
/// deadman.toml, from bytes (through Tomlyn, then our own checks): every diagnostic points inside the input, and
/// settings that read print with <c>--check</c>, text and JSON.
/// </summary>
public static class SettingsTarget
{
    private const string FileName = "fuzz.toml";

    public static void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        SettingsResult result = SettingsReader.Read(text, FileName);
        string[] lines = text.Split('\n');
        foreach (ConfigDiagnostic diagnostic in result.Diagnostics)
        {
            Oracle.Check(diagnostic.Line >= 1 && diagnostic.Line <= lines.Length + 1, $"line out of the file: {diagnostic}");
            Oracle.Check(diagnostic.Column >= 1, $"column before the line: {diagnostic}");
        }

        Oracle.Check(result.Settings is null == result.Diagnostics.Count > 0, "settings and problems both, or neither");
        if (result.Settings is { } settings)
        {
            SettingsReport.WriteText(settings, TextWriter.Null);
            using var json = new MemoryStream();
            using var writer = new System.Text.Json.Utf8JsonWriter(json);
            writer.WriteStartObject();
            SettingsReport.WriteJson(settings, writer);
            writer.WriteEndObject();
        }
    }
}
