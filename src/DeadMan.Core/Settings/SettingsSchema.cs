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

    public static readonly IReadOnlyDictionary<string, SettingKind> Keys = Build();

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

    // Every key of deadman.toml with its kind, in the file's order: one table, read top to bottom, so better whole.
    private static Dictionary<string, SettingKind> Build()
    {
        var keys = new Dictionary<string, SettingKind>(StringComparer.Ordinal)
        {
            ["interval"] = SettingKind.Duration,
            ["timeout"] = SettingKind.Duration,
            ["traffic_interval"] = SettingKind.Duration,
            ["scale"] = SettingKind.Scale,
            ["bell"] = SettingKind.Boolean,
            ["title"] = SettingKind.Boolean,
            ["mouse"] = SettingKind.Boolean,
            ["stage"] = SettingKind.Boolean,
            ["color"] = SettingKind.Boolean,
            ["ascii"] = SettingKind.Boolean,
            ["blink_arrow"] = SettingKind.Boolean,
            ["logging"] = SettingKind.Path,
            ["metrics"] = SettingKind.Endpoint,
            ["ssh_config"] = SettingKind.Path,
            ["vantage"] = SettingKind.Vantage,
            ["web"] = SettingKind.Table,
            ["web.listen"] = SettingKind.Endpoint,
            ["web.public"] = SettingKind.Boolean,
            ["web.token"] = SettingKind.Token,
            ["web.user"] = SettingKind.Text,
            ["web.password"] = SettingKind.Token,
            ["web.title"] = SettingKind.Text,
            ["web.clock"] = SettingKind.Boolean,
            ["prometheus"] = SettingKind.Table,
            ["prometheus.user"] = SettingKind.Text,
            ["prometheus.password"] = SettingKind.SecretSource,
            ["prometheus.token"] = SettingKind.SecretSource,
            ["snmp"] = SettingKind.Table,
            ["snmp.credentials"] = SettingKind.Table,
            ["snmp.credentials.*"] = SettingKind.Table,
            ["snmp.credentials.*.version"] = SettingKind.SnmpVersion,
            ["snmp.credentials.*.community"] = SettingKind.SecretSource,
            ["snmp.credentials.*.user"] = SettingKind.Text,
            ["snmp.credentials.*.auth"] = SettingKind.SnmpAuth,
            ["snmp.credentials.*.auth_password"] = SettingKind.SecretSource,
            ["snmp.credentials.*.priv"] = SettingKind.SnmpPriv,
            ["snmp.credentials.*.priv_password"] = SettingKind.SecretSource,
            ["snmp.gauge"] = SettingKind.Table,
            ["snmp.gauge.*"] = SettingKind.Table,
            ["snmp.gauge.*.oid"] = SettingKind.Oid,
            ["snmp.gauge.*.unit"] = SettingKind.Text,
            ["snmp.gauge.*.warn"] = SettingKind.Number,
            ["snmp.gauge.*.crit"] = SettingKind.Number,
            ["snmp.gauge.*.scale"] = SettingKind.Number,
            ["traffic[]"] = SettingKind.TableArray,
            ["traffic[].host"] = SettingKind.Text,
            ["traffic[].interface"] = SettingKind.Text,
            ["traffic[].signage"] = SettingKind.Boolean,
            ["health"] = SettingKind.Table,
            ["health.match[]"] = SettingKind.TableArray,
            ["health.match[].group"] = SettingKind.Glob,
            ["health.match[].name"] = SettingKind.Glob,
            ["alert"] = SettingKind.Table,
            ["alert.group_wait"] = SettingKind.Duration,
            ["alert.repeat"] = SettingKind.Duration,
            ["alert.bell_degraded"] = SettingKind.Boolean,
            ["alert.alertmanager"] = SettingKind.Table,
            ["alert.alertmanager.url"] = SettingKind.Url,
            ["alert.webhook[]"] = SettingKind.TableArray,
            ["alert.webhook[].url"] = SettingKind.Url,
            ["alert.webhook[].format"] = SettingKind.WebhookFormat,
            ["alert.webhook[].headers"] = SettingKind.Headers,
            ["alert.exec[]"] = SettingKind.TableArray,
            ["alert.exec[].command"] = SettingKind.Command,
            ["alert.exec[].timeout"] = SettingKind.Duration,
            ["alert.exec[].pass_env"] = SettingKind.EnvironmentNames,
        };
        foreach (HealthRuleKey rule in HealthRuleKeys.All)
        {
            SettingKind kind = rule.Value switch
            {
                HealthValue.Count => SettingKind.Count,
                HealthValue.Percent => SettingKind.Percent,
                _ => SettingKind.Duration,
            };
            keys["health." + rule.Name] = kind;
            keys["health.match[]." + rule.Name] = kind;
        }

        return keys;
    }
}
