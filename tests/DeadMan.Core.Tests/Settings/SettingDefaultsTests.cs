using System.Text;
using System.Text.Json;
using DeadMan.Cli;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Settings;

/// <summary>
/// The schema's defaults are the program's: writing a key with the default the table gives it changes nothing that
/// deadman does or reports. A default changed in the code and not in the table (or the other way) fails here, named.
/// </summary>
public sealed class SettingDefaultsTests
{
    // What a table whose name or place the operator chooses needs besides the key under test, to be read at all.
    private static readonly Dictionary<string, string> s_tables = new(StringComparer.Ordinal)
    {
        [""] = "",
        ["web"] = "[web]\n",
        ["alert"] = "[alert]\n",
        ["health"] = "[health]\n",
        ["snmp.gauge.*"] = "[snmp.gauge.g]\noid = \"1.3.6.1.2.1.1.3.0\"\n",
        ["traffic[]"] = "[[traffic]]\nhost = \"sw\"\ninterface = \"ge-0/0/0\"\n",
        ["alert.webhook[]"] = "[[alert.webhook]]\nurl = \"http://127.0.0.1:9/\"\n",
        ["alert.exec[]"] = "[[alert.exec]]\ncommand = [\"/bin/true\"]\n",
    };

    public static TheoryData<string> KeysWithDefaults() => [.. SettingsSchema.All.Where(k => k.Default is not null).Select(k => k.Path)];

    [Theory]
    [MemberData(nameof(KeysWithDefaults))]
    public void Should_change_nothing_When_a_key_is_written_with_its_default(string path)
    {
        // Given: the key's table without the key, and with it at the default the table gives
        SettingKey key = SettingsSchema.All.Single(k => k.Path == path);
        string table = SettingsSchema.Parent(path);
        Assert.True(s_tables.TryGetValue(table, out string? without), $"no minimal [{table}] for {path}: add one above");
        string with = without + $"{SettingsSchema.Leaf(path)} = {key.Default}\n";

        // When
        DeadmanSettings absent = Read(without);
        DeadmanSettings written = Read(with);

        // Then: a command-line option's default makes the same run (--check reports it as set, which it is); any
        // other key, the same report
        if (table.Length == 0)
        {
            var command = new DeadmanCommand();
            RunOptions Options(DeadmanSettings settings) => command.ToOptions(command.Root.Parse(["a.conf"]), settings) with { Settings = DeadmanSettings.None };
            Assert.Equal(Options(absent), Options(written));
        }
        else
        {
            Assert.Equal(Report(absent), Report(written));
        }
    }

    private static DeadmanSettings Read(string text)
    {
        SettingsResult result = SettingsReader.Read(text, "deadman.toml");
        Assert.True(result.Settings is not null, string.Join('\n', result.Diagnostics.Select(d => d.ToString())));
        return result.Settings;
    }

    private static string Report(DeadmanSettings settings)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            SettingsReport.WriteJson(settings, json);
            json.WriteEndObject();
        }

        var text = new StringWriter();
        SettingsReport.WriteText(settings, text);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n" + text;
    }
}
