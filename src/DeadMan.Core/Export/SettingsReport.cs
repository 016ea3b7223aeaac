using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Export;

/// <summary>The effective settings as <c>--check</c> shows them: the file read, its defaults, health rules and alert routes, secrets masked.</summary>
public static class SettingsReport
{
    public static void WriteText(DeadmanSettings settings, TextWriter output)
    {
        output.WriteLine(settings.File is null ? "settings: none (no deadman.toml beside the host file or in ~/.config/deadman/)" : $"settings: {settings.File}");
        if (settings.File is null)
        {
            return;
        }

        if (settings.Options.Vantage is { } vantage)
        {
            output.WriteLine($"vantage: {vantage}");
        }

        // What the file sets for the command line, in the table's order; the vantage has its line above.
        string[] options = [.. OptionKeys.All.Where(k => k.Name != "vantage" && k.Get(settings.Options) is not null)
                                             .Select(k => $"{k.Name} {Shown(k.Get(settings.Options)!)}")];
        if (options.Length > 0)
        {
            output.WriteLine($"options (the command line wins): {string.Join(", ", options)}");
        }

        WriteHealthText(settings.Health, output);
        WriteAlertText(settings.Alert, output);
        WriteCredentialsText(settings, output);
        if (settings.Gauges.Count > 0)
        {
            output.WriteLine($"snmp gauges: {string.Join(", ", settings.Gauges.Values.Select(Describe))}");
        }

        WriteWebText(settings, output);
    }

    // SNMP's (a weak one warned of) and how --from logs in to Prometheus.
    private static void WriteCredentialsText(DeadmanSettings settings, TextWriter output)
    {
        if (settings.Snmp.Count > 0)
        {
            output.WriteLine($"snmp credentials: {string.Join(", ", settings.Snmp.Values.Select(c => $"{c.Name} ({c.Describe()})"))}");
            foreach (string warning in settings.Warnings)
            {
                output.WriteLine($"  warning: {warning}");
            }
        }

        if (settings.Prometheus is { User: { } user })
        {
            output.WriteLine($"prometheus (--from): basic authentication for {user}");
        }
        else if (settings.Prometheus.Token is not null)
        {
            output.WriteLine("prometheus (--from): a bearer token");
        }
    }

    private static void WriteHealthText(HealthSettings health, TextWriter output)
    {
        output.WriteLine($"health: {Describe(health.Rules.Over(HealthRules.Defaults))}");
        foreach (HealthMatch match in health.Matches)
        {
            string which = string.Join(", ", new[] { match.Group is null ? null : $"group {match.Group}", match.Name is null ? null : $"name {match.Name}" }.OfType<string>());
            output.WriteLine($"  for {which}: {Describe(match.Rules)}");
        }
    }

    private static void WriteAlertText(AlertSettings alert, TextWriter output)
    {
        var routes = new List<string>();
        if (alert.Alertmanager is { } url)
        {
            routes.Add($"Alertmanager {Mask(url)}");
        }

        routes.AddRange(alert.Webhooks.Select(w => $"webhook ({w.Format.ToString().ToLowerInvariant()}) {Mask(w.Url)}"));
        routes.AddRange(alert.Commands.Select(c => $"command {Text.SafeText.Line(string.Join(' ', c.Command))}" + (c.PassEnvironment.Count == 0 ? "" : $" (passing {string.Join(", ", c.PassEnvironment)})")));
        output.WriteLine(routes.Count == 0 ? "alerts: none" : $"alerts: {string.Join("; ", routes)}; grouped over {Seconds(alert.GroupWait)}{(alert.PathChanged ? "; path changes too" : "")}");
    }

    private static void WriteWebText(DeadmanSettings settings, TextWriter output)
    {
        if (settings.Options.Web is { } web)
        {
            WebSettings w = settings.Web;
            string access = (w.Public ? ", public (no addresses)" : "") + (w.Token is null ? "" : ", with a token")
                + (w.Login is { } login ? $", basic authentication for {login.User}" : "");
            output.WriteLine($"web: http://{web}/{access}");
            string uplinks = w.Uplinks.Count == 0 ? "no uplink graph (mark interfaces with [[traffic]] signage = true)" : $"uplink graph of {string.Join(", ", w.Uplinks)}";
            output.WriteLine($"  signage: http://{web}/signage{(w.Title is null ? "" : $" \"{w.Title}\"")}, {(w.Clock ? "with" : "no")} clock, {uplinks}");
        }
    }

    /// <summary>The settings as <c>--check --json</c> has them, under "settings", in the file's order.</summary>
    public static void WriteJson(DeadmanSettings settings, Utf8JsonWriter json)
    {
        json.WritePropertyName("settings");
        JsonSerializer.Serialize(json, Document(settings), SettingsJsonContext.Default.SettingsJson);
    }

    private static SettingsJson Document(DeadmanSettings settings)
    {
        OptionDefaults o = settings.Options;
        AlertSettings alert = settings.Alert;
        WebSettings web = settings.Web;
        return new SettingsJson(
            settings.File,
            Options(o),
            Health(settings.Health),
            new AlertSectionJson(
                Duration(alert.GroupWait)!, Duration(alert.Repeat)!, alert.BellDegraded, alert.PathChanged, alert.Alertmanager is { } am ? Mask(am) : null,
                [.. alert.Webhooks.Select(w => new WebhookJson(Mask(w.Url), w.Format.ToString().ToLowerInvariant(), w.Headers.ToDictionary(h => h.Key, h => h.Value.ToString())))],
                [.. alert.Commands.Select(c => new ExecJson(c.Command, Duration(c.Timeout)!, c.PassEnvironment))]),
            new WebSectionJson(
                o.Web?.ToString(), web.Public, web.Token?.ToString(), web.Login?.User, web.Login?.Password.ToString(), web.Title, web.Clock,
                [.. web.Uplinks.Select(u => u.ToString())]),
            settings.Snmp.Values.ToDictionary(c => c.Name, c => new CredentialsJson(
                c.User is null ? "2c" : "3", c.Community?.ToString(), c.User?.Name, c.User?.Level,
                c.User?.Auth.ToString().ToLowerInvariant(), c.User?.Priv.ToString().ToLowerInvariant())),
            new PrometheusJson(settings.Prometheus.User, settings.Prometheus.Password?.ToString(), settings.Prometheus.Token?.ToString()),
            settings.Gauges.Values.ToDictionary(g => g.Name, g => new GaugeJson(g.Oid.ToString(), g.Unit, Tenth(g.Warn), Tenth(g.Crit), g.Scale)));
    }

    // The options the file sets, in the table's order.
    private static Dictionary<string, JsonElement> Options(OptionDefaults options)
    {
        var set = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (OptionKey key in OptionKeys.All)
        {
            if (key.Get(options) is { } value)
            {
                set[key.Name] = value switch
                {
                    TimeSpan span => JsonSerializer.SerializeToElement(Duration(span)!, SettingsJsonContext.Default.String),
                    bool flag => JsonSerializer.SerializeToElement(flag, SettingsJsonContext.Default.Boolean),
                    int whole => JsonSerializer.SerializeToElement(whole, SettingsJsonContext.Default.Int32),
                    _ => JsonSerializer.SerializeToElement(value.ToString()!, SettingsJsonContext.Default.String),
                };
            }
        }

        return set;
    }

    // The rules in the table's order, then the [[health.match]] entries with theirs.
    private static Dictionary<string, JsonElement> Health(HealthSettings health)
    {
        Dictionary<string, JsonElement> section = Rules(health.Rules.Over(HealthRules.Defaults));
        List<Dictionary<string, JsonElement>> matches = [];
        foreach (HealthMatch match in health.Matches)
        {
            var entry = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach ((string key, string? pattern) in new[] { ("group", match.Group), ("name", match.Name) })
            {
                if (pattern is not null)
                {
                    entry[key] = JsonSerializer.SerializeToElement(pattern, SettingsJsonContext.Default.String);
                }
            }

            matches.Add(new(entry.Concat(Rules(match.Rules)), StringComparer.Ordinal));
        }

        section["match"] = JsonSerializer.SerializeToElement(matches, SettingsJsonContext.Default.ListDictionaryStringJsonElement);
        return section;
    }

    private static Dictionary<string, JsonElement> Rules(HealthRules rules)
    {
        var set = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (HealthRuleKey key in HealthRuleKeys.All)
        {
            JsonElement? value = key.Get(rules) switch
            {
                int count => JsonSerializer.SerializeToElement(count, SettingsJsonContext.Default.Int32),
                double percent => JsonSerializer.SerializeToElement(percent, SettingsJsonContext.Default.Double),
                TimeSpan span => JsonSerializer.SerializeToElement(Duration(span)!, SettingsJsonContext.Default.String),
                _ => null,
            };
            if (value is { } written)
            {
                set[key.Name] = written;
            }
        }

        return set;
    }

    private static string Shown(object value) => value switch
    {
        TimeSpan span => Duration(span)!,
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    // A gauge's limit as the other figures are written: to a tenth.
    private static double? Tenth(double? value) => value is { } v ? Math.Round(v, 1) : null;

    // "clients (1.3.6.1.4.1.8072.1.3.2.4.1.2.7.99.108.105.101.110.116.115.1, warn ≥ 80, crit ≥ 120)"
    private static string Describe(Snmp.Gauges.GaugeDefinition g)
    {
        string comparison = g.Falling ? "≤" : "≥";
        var parts = new List<string> { g.Oid.ToString() };
        parts.AddRange(new[] { ("warn", g.Warn), ("crit", g.Crit) }.Where(l => l.Item2 is not null)
            .Select(l => $"{l.Item1} {comparison} {Snmp.Gauges.GaugeDefinition.Format(l.Item2!.Value)}{(g.Unit == "%" ? "%" : "")}"));
        if (g.Scale != 1)
        {
            parts.Add($"scale {g.Scale.ToString(CultureInfo.InvariantCulture)}");
        }

        return $"{g.Name} ({string.Join(", ", parts)})";
    }

    /// <summary>"down after 3, up after 1; degraded at loss ≥ 5%, avg RTT ≥ 50 ms over 60s", or what a match sets.</summary>
    public static string Describe(HealthRules rules)
    {
        var parts = new List<string>();
        var limits = new List<string>();
        foreach (HealthRuleKey key in HealthRuleKeys.All)
        {
            if (key.Shown is not null && key.Get(rules) is { } value)
            {
                (key.Limit ? limits : parts).Add(string.Format(CultureInfo.InvariantCulture, key.Shown, HealthValues.Show(value)));
            }
        }

        if (limits.Count > 0)
        {
            parts.Add($"degraded at {string.Join(", ", limits)}{(rules.Window is { } w ? $" over {Seconds(w)}" : "")}");
        }
        else if (rules.Window is { } window)
        {
            parts.Add($"window {Seconds(window)}");
        }

        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    // A URL may carry credentials (http://user:password@host/): never print them.
    private static string Mask(Uri url) => Text.UrlText.Redacted(url);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string? Duration(TimeSpan? value) =>
        value is { } set ? Text.DurationText.Setting(set) : null;
}
