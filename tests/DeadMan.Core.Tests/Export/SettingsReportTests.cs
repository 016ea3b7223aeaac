using System.Text;
using System.Text.Json;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Export;

/// <summary>
/// <c>--check --json</c>'s "settings" for a deadman.toml that sets every section: the golden was written by the
/// hand-written writer before the source generator took over, so the shape a script reads stays as it was.
/// </summary>
public sealed class SettingsReportTests
{
    private static readonly string s_cases = Path.Combine(Golden.ProjectDirectory, "Settings", "Cases");

    [Fact]
    public void Should_write_every_section_as_before_with_secrets_masked_When_the_file_sets_them_all()
    {
        // Given
        string name = "every_section.toml";
        SettingsResult read = SettingsReader.Read(File.ReadAllText(Path.Combine(s_cases, name)), name);
        Assert.Empty(read.Diagnostics);

        // When
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            SettingsReport.WriteJson(read.Settings!, json);
            json.WriteEndObject();
        }

        // Then
        string written = Encoding.UTF8.GetString(buffer.ToArray());
        Golden.AssertJson(Path.Combine(s_cases, "every_section.expected.json"), written);
        foreach (string secret in new[] { "xyzxyzxyz", "0123456789abcdef", "secretsecret", "authpassword1", "privpassword1", "public2", "u:p@" })
        {
            Assert.DoesNotContain(secret, written, StringComparison.Ordinal);
        }
    }
}
