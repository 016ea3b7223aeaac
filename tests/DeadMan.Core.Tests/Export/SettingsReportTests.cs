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
    public void Should_say_the_options_the_file_sets_in_the_text_When_checking()
    {
        // Given
        string name = "every_section.toml";
        DeadmanSettings settings = SettingsReader.Read(File.ReadAllText(Path.Combine(s_cases, name)), name).Settings!;

        // When
        var text = new StringWriter();
        SettingsReport.WriteText(settings, text);

        // Then: in the table's order, as the file would write them; none it leaves out
        Assert.Contains("options (the command line wins): interval 500ms, timeout 2s, traffic_interval 5s, bell true, title false, "
                        + "blink_arrow true, scale 20, logging /tmp/x, metrics 127.0.0.1:9300, ssh_config /etc/ssh/x\n", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("vantage: hall-b", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("options", SettingsReportText("[health]\ndown_after = 2\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_each_maintenance_window_with_the_hosts_it_covers_When_checking()
    {
        // Given: two windows, one of which matches no host of the file
        DeadmanSettings settings = SettingsReader.Read("""
            [[maintenance]]
            group = "4F*"
            start = "2026-12-08 09:00 +09:00"
            end = "2026-12-08 10:30 +09:00"
            note = "4F switch replaced"

            [[maintenance]]
            name = "ap-9*"
            every = "sun 02:00"
            duration = "2h"
            """, "deadman.toml").Settings!;
        DeadMan.Core.Config.ConfigResult config = DeadMan.Core.Config.ConfigParser.Parse("--- 4F 会議室\nsw-4f 192.0.2.1\nap-4f-a 192.0.2.2\n--- 3F\nsw-3f 192.0.2.3", "hosts.conf");

        // When
        var text = new StringWriter();
        CheckReport.WriteText(config, settings, text);
        var json = new MemoryStream();
        CheckReport.WriteJson(config, settings, json);

        // Then
        Assert.Contains("maintenance 2026-12-08 09:00 +09:00 to 10:30 \"4F switch replaced\", for group 4F*: 2 hosts (sw-4f, ap-4f-a)\n", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("maintenance every Sun 02:00 for 2h00m, for name ap-9*: no host of this file\n", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        JsonElement first = JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("maintenance")[0];
        Assert.Equal(["sw-4f", "ap-4f-a"], first.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("4F switch replaced", first.GetProperty("note").GetString());
    }

    private static string SettingsReportText(string toml)
    {
        var text = new StringWriter();
        SettingsReport.WriteText(SettingsReader.Read(toml, "deadman.toml").Settings!, text);
        return text.ToString();
    }

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
