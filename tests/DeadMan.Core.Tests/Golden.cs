using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DeadMan.Core.Tests;

/// <summary>
/// Compares output with a checked-in expected file. <c>UPDATE_GOLDENS=1</c> rewrites the expected files;
/// on a mismatch the actual output is written beside them as <c>*.actual</c> for a diff.
/// </summary>
public static class Golden
{
    private static readonly JsonSerializerOptions s_indented =
        new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>This test project's source folder, where cases and goldens live.</summary>
    public static string ProjectDirectory => Path.GetDirectoryName(ThisFile())!;

    /// <summary>The repository root (deadman.conf.sample, examples/).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

    private static string ThisFile([CallerFilePath] string path = "") => path;

    public static void AssertJson(string expectedPath, string actualJson)
    {
        string actual = Indent(actualJson);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        string expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : "";
        if (expected != actual)
        {
            File.WriteAllText(expectedPath + ".actual", actual);
        }

        Assert.Equal(expected, actual);
    }

    private static string Indent(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, s_indented) + "\n";
    }
}
