using System.Text.Json;
using DeadMan.Core.Config;

namespace DeadMan.Core.Export;

/// <summary>What <c>--check</c> prints: the parsed targets (credentials masked), or the problems found.</summary>
public static class CheckReport
{
    public static void WriteText(ConfigResult config, Settings.DeadmanSettings settings, TextWriter output)
    {
        var table = new TextTable("HOSTNAME", "ADDRESS", "KIND", "OPTIONS");
        foreach (ConfigEntry entry in config.Entries)
        {
            switch (entry)
            {
                case SeparatorSpec separator:
                    table.Add(separator.Title is null ? "---" : $"--- {separator.Title}");
                    break;
                case TargetSpec target:
                    string options = string.Join(' ', AllOptions(target).Select(o => $"{o.Key}={o.Value}"));
                    table.Add(target.Name, target.Address.Text, ProbeKindNames.Of(target.Probe.Kind), options);
                    break;
            }
        }

        table.WriteTo(output);
        output.WriteLine($"{config.Targets.Count()} targets, no errors");
        SettingsReport.WriteText(settings, output);
        WriteMaintenanceText(config, settings.Health, output);
    }

    // Each [[maintenance]] window, when it is, and the hosts of this file it covers (so a pattern that matches nothing shows).
    private static void WriteMaintenanceText(ConfigResult config, Health.HealthSettings health, TextWriter output)
    {
        foreach (Health.MaintenanceWindow window in health.Maintenance)
        {
            string[] hosts = [.. config.Targets.Where(t => window.Applies(t.Name, t.Group)).Select(t => t.Name)];
            string which = string.Join(", ", new[] { window.Match.Group is null ? null : $"group {window.Match.Group}", window.Match.Name is null ? null : $"name {window.Match.Name}" }.OfType<string>());
            output.WriteLine($"maintenance {window.Describe()}{(window.Note is { } note ? $" \"{Text.SafeText.Line(note)}\"" : "")}, for {which}: "
                             + (hosts.Length == 0 ? "no host of this file" : $"{hosts.Length} host{(hosts.Length == 1 ? "" : "s")} ({string.Join(", ", hosts.Take(8))}{(hosts.Length > 8 ? ", …" : "")})"));
        }
    }

    public static void WriteJson(ConfigResult config, Settings.DeadmanSettings settings, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartArray("targets");
        foreach (ConfigEntry entry in config.Entries)
        {
            json.WriteStartObject();
            if (entry is SeparatorSpec separator)
            {
                json.WriteBoolean("separator", true);
                json.WriteString("title", separator.Title);
            }
            else if (entry is TargetSpec target)
            {
                WriteTarget(json, target);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        SettingsReport.WriteJson(settings, json);
        json.WriteStartArray("maintenance");
        foreach (Health.MaintenanceWindow window in settings.Health.Maintenance)
        {
            json.WriteStartObject();
            json.WriteString("group", window.Match.Group);
            json.WriteString("name", window.Match.Name);
            json.WriteString("when", window.Describe());
            json.WriteString("note", window.Note);
            json.WriteStartArray("hosts");
            foreach (TargetSpec target in config.Targets.Where(t => window.Applies(t.Name, t.Group)))
            {
                json.WriteStringValue(target.Name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    // A host line as read: where it is, what it probes and its options as written.
    private static void WriteTarget(Utf8JsonWriter json, TargetSpec target)
    {
        json.WriteString("name", target.Name);
        json.WriteString("address", target.Address.Text);
        json.WriteString("kind", ProbeKindNames.Of(target.Probe.Kind));
        json.WriteString("group", target.Group);
        json.WriteNumber("line", target.Line);
        json.WriteStartObject("options");
        foreach (var option in AllOptions(target))
        {
            json.WriteString(option.Key, option.Value);
        }

        json.WriteEndObject();
    }

    private static IEnumerable<KeyValuePair<string, string>> AllOptions(TargetSpec target) =>
        target.Probe.DisplayOptions().Concat(target.Traffic?.DisplayOptions() ?? []).Concat(HealthSpecBuilder.DisplayOptions(target.Options));

    public static void WriteErrorsJson(IEnumerable<ConfigDiagnostic> diagnostics, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartArray("errors");
        foreach (ConfigDiagnostic diagnostic in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("file", diagnostic.File);
            json.WriteNumber("line", diagnostic.Line);
            json.WriteNumber("column", diagnostic.Column);
            json.WriteString("message", diagnostic.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
