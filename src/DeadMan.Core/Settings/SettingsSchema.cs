using DeadMan.Core.Health;

namespace DeadMan.Core.Settings;

/// <summary>
/// Every key deadman.toml may hold, by path ("health.match[].loss_warn"; "[]" marks an array of tables). The reader
/// checks each key of a file against it before Tomlyn maps the file, because Tomlyn passes over keys it does not
/// know, and an operator's typo must not be silently ignored.
/// </summary>
internal static class SettingsSchema
{
    // Tables whose names the operator chooses.
    private static readonly string[] s_named = ["snmp.credentials.", "snmp.gauge."];

    /// <summary>Every key with its description, in the file's order.</summary>
    public static readonly IReadOnlyList<SettingKey> All = Build();

    /// <summary>Every key by path, with what it holds.</summary>
    public static readonly IReadOnlyDictionary<string, SettingKind> Keys = All.ToDictionary(k => k.Path, k => k.Kind, StringComparer.Ordinal);

    /// <summary>The keys directly under a table path (for "did you mean").</summary>
    public static IEnumerable<string> Children(string table) =>
        Keys.Keys.Where(k => Parent(k) == table).Select(Leaf);

    public static string Parent(string path)
    {
        int dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }

    public static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..].TrimEnd('[', ']');

    /// <summary>The schema's path of a table or key whose name the operator chooses: [snmp.credentials.core] is "snmp.credentials.*".</summary>
    public static string Normalize(string path)
    {
        foreach (string named in s_named)
        {
            if (path.StartsWith(named, StringComparison.Ordinal) && path.Length > named.Length)
            {
                int end = path.IndexOf('.', named.Length);
                return named + "*" + (end < 0 ? "" : path[end..]);
            }
        }

        return path;
    }

    // Every key of deadman.toml, in the file's order: one table, read top to bottom, so better whole.
    private static List<SettingKey> Build()
    {
        List<SettingKey> keys = [.. OptionKeys.All.Select(o => new SettingKey(o.Name, o.Kind, o.Help, o.Default))];
        keys.AddRange(
        [
            new("web", SettingKind.Table, "the web view"),
            new("web.listen", SettingKind.Endpoint, "--web: where the web view is served"),
            new("web.public", SettingKind.Boolean, "no addresses, probe kinds or failure details", "false"),
            new("web.token", SettingKind.Token, "the token the operator's page and the API ask for"),
            new("web.user", SettingKind.Text, "the user of HTTP basic authentication"),
            new("web.password", SettingKind.Token, "the password of HTTP basic authentication"),
            new("web.title", SettingKind.Text, "the event's name on the signage page"),
            new("web.clock", SettingKind.Boolean, "the signage page shows the time", "true"),
            new("prometheus", SettingKind.Table, "how --from logs in to Prometheus"),
            new("prometheus.user", SettingKind.Text, "the user of basic authentication"),
            new("prometheus.password", SettingKind.SecretSource, "the password of basic authentication"),
            new("prometheus.token", SettingKind.SecretSource, "a bearer token"),
            new("snmp", SettingKind.Table, "SNMP credentials and gauges"),
            new("snmp.credentials", SettingKind.Table, "SNMP credentials by name"),
            new("snmp.credentials.*", SettingKind.Table, "one set of credentials, for snmp=NAME"),
            new("snmp.credentials.*.version", SettingKind.SnmpVersion, "\"2c\" or \"3\" (without it: 3 with a user, else 2c)"),
            new("snmp.credentials.*.community", SettingKind.SecretSource, "the SNMPv2c community"),
            new("snmp.credentials.*.user", SettingKind.Text, "the SNMPv3 user"),
            new("snmp.credentials.*.auth", SettingKind.SnmpAuth, "the SNMPv3 authentication protocol"),
            new("snmp.credentials.*.auth_password", SettingKind.SecretSource, "the SNMPv3 authentication password"),
            new("snmp.credentials.*.priv", SettingKind.SnmpPriv, "the SNMPv3 privacy protocol"),
            new("snmp.credentials.*.priv_password", SettingKind.SecretSource, "the SNMPv3 privacy password"),
            new("snmp.gauge", SettingKind.Table, "SNMP gauges by name"),
            new("snmp.gauge.*", SettingKind.Table, "one gauge, for gauges=NAME"),
            new("snmp.gauge.*.oid", SettingKind.Oid, "the numeric OID read"),
            new("snmp.gauge.*.unit", SettingKind.Text, "shown after the value"),
            new("snmp.gauge.*.warn", SettingKind.Number, "from here the host is degraded"),
            new("snmp.gauge.*.crit", SettingKind.Number, "from here the value is red too"),
            new("snmp.gauge.*.scale", SettingKind.Number, "the value is multiplied by this", "1"),
            new("traffic[]", SettingKind.TableArray, "an interface to mark"),
            new("traffic[].host", SettingKind.Text, "the host line's name"),
            new("traffic[].interface", SettingKind.Text, "the interface's name"),
            new("traffic[].signage", SettingKind.Boolean, "summed into the signage page's uplink graph", "false"),
            new("health", SettingKind.Table, "when a host is up, degraded or down"),
            new("health.match[]", SettingKind.TableArray, "rules for some hosts"),
            new("health.match[].group", SettingKind.Glob, "the group titles it applies to"),
            new("health.match[].name", SettingKind.Glob, "the host names it applies to"),
            new("maintenance[]", SettingKind.TableArray, "a window when some hosts' trouble is expected"),
            new("maintenance[].group", SettingKind.Glob, "the group titles it applies to"),
            new("maintenance[].name", SettingKind.Glob, "the host names it applies to"),
            new("maintenance[].start", SettingKind.ZonedTime, "when it opens, once"),
            new("maintenance[].end", SettingKind.ZonedTime, "when it closes"),
            new("maintenance[].every", SettingKind.Weekly, "when it opens, every week"),
            new("maintenance[].duration", SettingKind.Duration, "how long a weekly one lasts"),
            new("maintenance[].note", SettingKind.Text, "what is being done (shown, logged)"),
            new("alert", SettingKind.Table, "where state changes are sent"),
            new("alert.group_wait", SettingKind.Duration, "changes within this go out as one", "\"10s\""),
            new("alert.repeat", SettingKind.Duration, "how often Alertmanager is told again", "\"1m\""),
            new("alert.bell_degraded", SettingKind.Boolean, "ring for degraded hosts too", "false"),
            new("alert.path_changed", SettingKind.Boolean, "notify when a trace=on host's path changes", "false"),
            new("alert.alertmanager", SettingKind.Table, "Prometheus Alertmanager"),
            new("alert.alertmanager.url", SettingKind.Url, "where Alertmanager is"),
            new("alert.webhook[]", SettingKind.TableArray, "one POST per notification"),
            new("alert.webhook[].url", SettingKind.Url, "where it is posted"),
            new("alert.webhook[].format", SettingKind.WebhookFormat, "\"json\" or \"slack\"", "\"json\""),
            new("alert.webhook[].headers", SettingKind.Headers, "HTTP headers sent with it"),
            new("alert.exec[]", SettingKind.TableArray, "a program run per notification"),
            new("alert.exec[].command", SettingKind.Command, "the program and its arguments"),
            new("alert.exec[].timeout", SettingKind.Duration, "how long it may run", "\"10s\""),
            new("alert.exec[].pass_env", SettingKind.EnvironmentNames, "environment variables passed on"),
        ]);
        foreach (HealthRuleKey rule in HealthRuleKeys.All)
        {
            SettingKind kind = rule.Value switch
            {
                HealthValue.Count => SettingKind.Count,
                HealthValue.Percent => SettingKind.Percent,
                HealthValue.TimeLeft => SettingKind.TimeLeft,
                _ => SettingKind.Duration,
            };
            string? fallback = rule.Get(HealthRules.Defaults) is { } value ? HealthValues.Toml(value)
                : rule.Value == HealthValue.TimeLeft ? HealthValues.Toml(HealthRules.DefaultCertWarn) : null;
            keys.Add(new("health." + rule.Name, kind, rule.Help, fallback));
            keys.Add(new("health.match[]." + rule.Name, kind, rule.Help));
        }

        return keys;
    }
}
