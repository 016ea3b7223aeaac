using System.Text.Json.Serialization;
using Tomlyn.Serialization;

namespace DeadMan.Core.Settings;

// deadman.toml as Tomlyn maps it (snake_case keys). Only SettingsReader reads these, once the file has been checked
// key by key against SettingsSchema; the rest of the program sees the typed, validated Settings.

/// <summary>The whole file: defaults for the command-line options at the top, then [health] and [alert].</summary>
public sealed class SettingsDocument
{
    /// <summary>The top-level keys: defaults for the command-line options, read through <see cref="OptionKeys"/>.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Options { get; set; }

    public HealthTable? Health { get; set; }

    public AlertTable? Alert { get; set; }

    public WebTable? Web { get; set; }

    public List<TrafficTable>? Traffic { get; set; }

    public SnmpTable? Snmp { get; set; }

    public PrometheusTable? Prometheus { get; set; }

    public List<MaintenanceTable>? Maintenance { get; set; }
}

/// <summary>[[maintenance]]: a window when some hosts' trouble is expected (once: start and end; or weekly: every and duration).</summary>
public sealed class MaintenanceTable
{
    public string? Group { get; set; }

    public string? Name { get; set; }

    public string? Start { get; set; }

    public string? End { get; set; }

    public string? Every { get; set; }

    public string? Duration { get; set; }

    public string? Note { get; set; }
}

/// <summary>[prometheus]: how --from prometheus logs in to the server (basic authentication or a bearer token).</summary>
public sealed class PrometheusTable
{
    public string? User { get; set; }

    public string? Password { get; set; }

    public string? Token { get; set; }
}

/// <summary>[snmp]: credentials that host lines name with snmp=NAME, gauges they list in gauges=.</summary>
public sealed class SnmpTable
{
    public Dictionary<string, SnmpCredentialsTable>? Credentials { get; set; }

    public Dictionary<string, SnmpGaugeTable>? Gauge { get; set; }
}

/// <summary>[snmp.gauge.NAME]: a number an agent keeps, and when it is too high (or, crit below warn, too low).</summary>
public sealed class SnmpGaugeTable
{
    public string? Oid { get; set; }

    public string? Unit { get; set; }

    public double? Warn { get; set; }

    public double? Crit { get; set; }

    public double? Scale { get; set; }
}

/// <summary>[snmp.credentials.NAME]: a v2c community or a v3 user; secrets as they are, or env:NAME, file:/path.</summary>
public sealed class SnmpCredentialsTable
{
    public string? Version { get; set; }

    public string? Community { get; set; }

    public string? User { get; set; }

    public string? Auth { get; set; }

    public string? AuthPassword { get; set; }

    public string? Priv { get; set; }

    public string? PrivPassword { get; set; }
}

/// <summary>[web]: the browser view.</summary>
public sealed class WebTable
{
    public string? Listen { get; set; }

    public bool? Public { get; set; }

    public string? Token { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    public string? Title { get; set; }

    public bool? Clock { get; set; }
}

/// <summary>[[traffic]]: what the settings say of one traffic= interface of the host list.</summary>
public sealed class TrafficTable
{
    public string? Host { get; set; }

    public string? Interface { get; set; }

    public bool? Signage { get; set; }
}

/// <summary>
/// [health] and each [[health.match]]: the same rules, the match adding which hosts it is for. The rules' keys are
/// those of <see cref="Health.HealthRuleKeys"/>, which reads them from here; so a new rule needs no property.
/// </summary>
public class HealthRulesTable
{
    [JsonExtensionData]
    public Dictionary<string, object?>? Rules { get; set; }
}

public sealed class HealthTable : HealthRulesTable
{
    public List<HealthMatchTable>? Match { get; set; }
}

public sealed class HealthMatchTable : HealthRulesTable
{
    public string? Group { get; set; }

    public string? Name { get; set; }
}

public sealed class AlertTable
{
    public string? GroupWait { get; set; }

    public string? Repeat { get; set; }

    public bool? BellDegraded { get; set; }

    public bool? PathChanged { get; set; }

    public AlertmanagerTable? Alertmanager { get; set; }

    public List<WebhookTable>? Webhook { get; set; }

    public List<ExecTable>? Exec { get; set; }
}

public sealed class AlertmanagerTable
{
    public string? Url { get; set; }
}

public sealed class WebhookTable
{
    public string? Url { get; set; }

    public string? Format { get; set; }

    public Dictionary<string, string>? Headers { get; set; }
}

public sealed class ExecTable
{
    public List<string>? Command { get; set; }

    public string? Timeout { get; set; }

    public List<string>? PassEnv { get; set; }
}

[TomlSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[TomlSerializable(typeof(SettingsDocument))]
[TomlSerializable(typeof(List<HealthMatchTable>))]
[TomlSerializable(typeof(List<MaintenanceTable>))]
[TomlSerializable(typeof(List<WebhookTable>))]
[TomlSerializable(typeof(List<ExecTable>))]
[TomlSerializable(typeof(List<TrafficTable>))]
[TomlSerializable(typeof(Dictionary<string, SnmpCredentialsTable>))]
[TomlSerializable(typeof(Dictionary<string, SnmpGaugeTable>))]
[TomlSerializable(typeof(List<string>))]
[TomlSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SettingsContext : TomlSerializerContext;
