using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DeadMan.Core.Tests;

/// <summary>Where this project's cases and goldens live, and JSON goldens (indented, then <see cref="DeadMan.Tests.Common.GoldenFile"/>).</summary>
public static class Golden
{
    private static readonly JsonSerializerOptions s_indented =
        new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>This test project's source folder, where cases and goldens live.</summary>
    public static string ProjectDirectory => Path.GetDirectoryName(ThisFile())!;

    /// <summary>The repository root (deadman.conf.sample, examples/).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

    private static string ThisFile([CallerFilePath] string path = "") => path;

    public static void AssertJson(string expectedPath, string actualJson) => DeadMan.Tests.Common.GoldenFile.Assert(expectedPath, Indent(actualJson));

    private static string Indent(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, s_indented) + "\n";
    }
}
