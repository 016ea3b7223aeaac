using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeadMan.Core.Export;

// "settings" of --check --json, written by System.Text.Json's source generator (no reflection, fit for the native
// binary). A key that is not set is left out, except the file (null: none was read) and a gauge's limits (null: no
// limit). The options and the health rules are named by tables (Settings/OptionKeys, Health/HealthRuleKeys), so each
// is a map in its table's order.

/// <summary>The effective settings; secrets masked before they get here.</summary>
internal sealed record SettingsJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? File,
    Dictionary<string, JsonElement> Options,
    Dictionary<string, JsonElement> Health,
    AlertSectionJson Alert,
    WebSectionJson Web,
    Dictionary<string, CredentialsJson> SnmpCredentials,
    PrometheusJson Prometheus,
    Dictionary<string, GaugeJson> SnmpGauges);

internal sealed record AlertSectionJson(
    string GroupWait, string Repeat, bool BellDegraded, bool PathChanged, string? Alertmanager, List<WebhookJson> Webhook, List<ExecJson> Exec);

internal sealed record WebhookJson(string Url, string Format, Dictionary<string, string> Headers);

internal sealed record ExecJson(IReadOnlyList<string> Command, string Timeout, IReadOnlyList<string> PassEnv);

internal sealed record WebSectionJson(
    string? Listen, bool Public, string? Token, string? User, string? Password, string? Title, bool Clock, List<string> Uplinks);

internal sealed record CredentialsJson(string Version, string? Community, string? User, string? Level, string? Auth, string? Priv);

internal sealed record PrometheusJson(string? User, string? Password, string? Token);

internal sealed record GaugeJson(
    string Oid,
    string? Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Warn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Crit,
    double Scale);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SettingsJson))]
[JsonSerializable(typeof(List<Dictionary<string, JsonElement>>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
