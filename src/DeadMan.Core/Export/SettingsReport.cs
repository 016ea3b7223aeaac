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
        output.WriteLine(routes.Count == 0 ? "alerts: none" : $"alerts: {string.Join("; ", routes)}; grouped over {Seconds(alert.GroupWait)}");
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

    /// <summary>The settings as <c>--check --json</c> has them, a section a method, in the file's order.</summary>
    public static void WriteJson(DeadmanSettings settings, Utf8JsonWriter json)
    {
        json.WriteStartObject("settings");
        json.WriteString("file", settings.File);
        WriteOptions(json, settings.Options);
        WriteHealth(json, settings.Health);
        WriteAlert(json, settings.Alert);
        WriteWeb(json, settings);
        WriteSnmpCredentials(json, settings);
        WritePrometheus(json, settings);
        WriteGauges(json, settings);
        json.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter json, OptionDefaults o)
    {
        json.WriteStartObject("options");
        WriteDuration(json, "interval", o.Interval);
        WriteDuration(json, "timeout", o.Timeout);
        WriteDuration(json, "traffic_interval", o.TrafficInterval);
        foreach ((string key, bool? value) in new[] { ("bell", o.Bell), ("title", o.Title), ("mouse", o.Mouse), ("stage", o.Stage), ("color", o.Color), ("ascii", o.Ascii), ("blink_arrow", o.BlinkArrow) })
        {
            if (value is { } set)
            {
                json.WriteBoolean(key, set);
            }
        }

        if (o.Scale is { } scale)
        {
            json.WriteNumber("scale", scale);
        }

        WriteIf(json, "logging", o.Logging);
        WriteIf(json, "metrics", o.Metrics?.ToString());
        WriteIf(json, "ssh_config", o.SshConfig);
        WriteIf(json, "vantage", o.Vantage);
        json.WriteEndObject();
    }

    private static void WriteHealth(Utf8JsonWriter json, HealthSettings health)
    {
        json.WriteStartObject("health");
        WriteRules(json, health.Rules.Over(HealthRules.Defaults));
        json.WriteStartArray("match");
        foreach (HealthMatch match in health.Matches)
        {
            json.WriteStartObject();
            WriteIf(json, "group", match.Group);
            WriteIf(json, "name", match.Name);
            WriteRules(json, match.Rules);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteAlert(Utf8JsonWriter json, AlertSettings alert)
    {
        json.WriteStartObject("alert");
        WriteDuration(json, "group_wait", alert.GroupWait);
        WriteDuration(json, "repeat", alert.Repeat);
        json.WriteBoolean("bell_degraded", alert.BellDegraded);
        WriteIf(json, "alertmanager", alert.Alertmanager is { } am ? Mask(am) : null);
        json.WriteStartArray("webhook");
        foreach (WebhookRoute hook in alert.Webhooks)
        {
            WriteWebhook(json, hook);
        }

        json.WriteEndArray();
        json.WriteStartArray("exec");
        foreach (ExecRoute exec in alert.Commands)
        {
            WriteExec(json, exec);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // A header's value is a secret: written masked.
    private static void WriteWebhook(Utf8JsonWriter json, WebhookRoute hook)
    {
        json.WriteStartObject();
        json.WriteString("url", Mask(hook.Url));
        json.WriteString("format", hook.Format.ToString().ToLowerInvariant());
        json.WriteStartObject("headers");
        foreach (var header in hook.Headers)
        {
            json.WriteString(header.Key, header.Value.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteExec(Utf8JsonWriter json, ExecRoute exec)
    {
        json.WriteStartObject();
        WriteStrings(json, "command", exec.Command);
        WriteDuration(json, "timeout", exec.Timeout);
        WriteStrings(json, "pass_env", exec.PassEnvironment);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> words)
    {
        json.WriteStartArray(name);
        foreach (string word in words)
        {
            json.WriteStringValue(word);
        }

        json.WriteEndArray();
    }

    private static void WriteWeb(Utf8JsonWriter json, DeadmanSettings settings)
    {
        json.WriteStartObject("web");
        WriteIf(json, "listen", settings.Options.Web?.ToString());
        json.WriteBoolean("public", settings.Web.Public);
        WriteIf(json, "token", settings.Web.Token?.ToString());
        WriteIf(json, "user", settings.Web.Login?.User);
        WriteIf(json, "password", settings.Web.Login?.Password.ToString());
        WriteIf(json, "title", settings.Web.Title);
        json.WriteBoolean("clock", settings.Web.Clock);
        json.WriteStartArray("uplinks");
        foreach (InterfaceName uplink in settings.Web.Uplinks)
        {
            json.WriteStringValue(uplink.ToString());
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSnmpCredentials(Utf8JsonWriter json, DeadmanSettings settings)
    {
        json.WriteStartObject("snmp_credentials");
        foreach (SnmpCredentials credentials in settings.Snmp.Values)
        {
            json.WriteStartObject(credentials.Name);
            json.WriteString("version", credentials.User is null ? "2c" : "3");
            WriteIf(json, "community", credentials.Community?.ToString());
            if (credentials.User is { } user)
            {
                json.WriteString("user", user.Name);
                json.WriteString("level", user.Level);
                json.WriteString("auth", user.Auth.ToString().ToLowerInvariant());
                json.WriteString("priv", user.Priv.ToString().ToLowerInvariant());
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WritePrometheus(Utf8JsonWriter json, DeadmanSettings settings)
    {
        json.WriteStartObject("prometheus");
        WriteIf(json, "user", settings.Prometheus.User);
        WriteIf(json, "password", settings.Prometheus.Password?.ToString());
        WriteIf(json, "token", settings.Prometheus.Token?.ToString());
        json.WriteEndObject();
    }

    private static void WriteGauges(Utf8JsonWriter json, DeadmanSettings settings)
    {
        json.WriteStartObject("snmp_gauges");
        foreach (Snmp.Gauges.GaugeDefinition gauge in settings.Gauges.Values)
        {
            json.WriteStartObject(gauge.Name);
            json.WriteString("oid", gauge.Oid.ToString());
            json.WriteString("unit", gauge.Unit);
            JsonOutput.WriteNumber(json, "warn", gauge.Warn);
            JsonOutput.WriteNumber(json, "crit", gauge.Crit);
            json.WriteNumber("scale", gauge.Scale);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

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

    private static void WriteRules(Utf8JsonWriter json, HealthRules rules)
    {
        foreach (HealthRuleKey key in HealthRuleKeys.All)
        {
            switch (key.Get(rules))
            {
                case int count:
                    json.WriteNumber(key.Name, count);
                    break;
                case double percent:
                    json.WriteNumber(key.Name, percent);
                    break;
                case TimeSpan span:
                    WriteDuration(json, key.Name, span);
                    break;
            }
        }
    }

    private static void WriteDuration(Utf8JsonWriter json, string key, TimeSpan? value)
    {
        if (value is { } set)
        {
            json.WriteString(key, set.TotalMilliseconds % 1000 == 0 ? Seconds(set) : set.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms");
        }
    }

    private static void WriteIf(Utf8JsonWriter json, string key, string? value)
    {
        if (value is not null)
        {
            json.WriteString(key, value);
        }
    }
}
