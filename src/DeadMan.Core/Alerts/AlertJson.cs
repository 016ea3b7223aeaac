using System.Text.Json.Serialization;

namespace DeadMan.Core.Alerts;

// The bodies alert routes post, each a fixed shape: System.Text.Json's source generator writes them (no reflection,
// fit for the native binary). Property order is the order of each record's parameters.

/// <summary>One alert of Alertmanager's <c>POST /api/v2/alerts</c>.</summary>
internal sealed record AlertmanagerAlert(
    AlertmanagerLabels Labels,
    AlertmanagerAnnotations Annotations,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndsAt);

/// <summary>What Alertmanager groups, silences and routes by; a vantage so that "down from hall B" is told from "down from the NOC".</summary>
internal sealed record AlertmanagerLabels(
    string Alertname,
    string Name,
    string Address,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group,
    string Severity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Vantage);

internal sealed record AlertmanagerAnnotations(
    string Summary,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Trace);

/// <summary>A JSON webhook's body: the notification and every host in it.</summary>
internal sealed record WebhookBody(
    string Event,
    string Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Vantage,
    string? SelfSuspect,
    IReadOnlyList<WebhookHost> Hosts);

/// <summary>One host of a webhook: its state, the one it left and, on leaving a known state, how long that lasted.</summary>
internal sealed record WebhookHost(
    string Name,
    string Address,
    string? Group,
    string State,
    string From,
    string Reason,
    string At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AfterS,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastHop,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WebhookTrace? Trace,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WebhookTrace? PathBefore);

/// <summary>A failing host's path as traced when it failed: where it stops, and every hop.</summary>
internal sealed record WebhookTrace(string Summary, bool Reached, IReadOnlyList<Probing.Trace.HopRecord> Hops);

/// <summary>A chat tool's incoming webhook (Slack, Mattermost, Rocket.Chat): a text it shows as it is.</summary>
internal sealed record SlackBody(string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<AlertmanagerAlert>))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(SlackBody))]
internal sealed partial class AlertJson : JsonSerializerContext;
