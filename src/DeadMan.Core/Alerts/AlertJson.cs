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
    IReadOnlyList<WebhookHost> Hosts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WebhookAcknowledgement? Acknowledgement);

/// <summary>An operator's acknowledgement of the host's problem: who, the state it covers, until when (null: until up), why; and why it ended.</summary>
internal sealed record WebhookAcknowledgement(
    string By,
    string At,
    string State,
    string? Until,
    string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ended);

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

/// <summary>
/// A silence of Alertmanager's <c>POST /api/v2/silences</c>, and as <c>GET /api/v2/silences</c> lists it (with its id
/// and state): an acknowledged host's alerts, by its labels.
/// </summary>
internal sealed record AlertmanagerSilence(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    IReadOnlyList<AlertmanagerMatcher> Matchers,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt")] string EndsAt,
    [property: JsonPropertyName("createdBy")] string CreatedBy,
    string Comment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AlertmanagerSilenceStatus? Status);

internal sealed record AlertmanagerMatcher(
    string Name,
    string Value,
    [property: JsonPropertyName("isRegex")] bool IsRegex,
    [property: JsonPropertyName("isEqual")] bool IsEqual);

internal sealed record AlertmanagerSilenceStatus(string State);

/// <summary>What <c>POST /api/v2/silences</c> answers.</summary>
internal sealed record AlertmanagerSilenceCreated([property: JsonPropertyName("silenceID")] string SilenceId);

/// <summary>A chat tool's incoming webhook (Slack, Mattermost, Rocket.Chat): a text it shows as it is.</summary>
internal sealed record SlackBody(string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<AlertmanagerAlert>))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(SlackBody))]
[JsonSerializable(typeof(AlertmanagerSilence))]
[JsonSerializable(typeof(List<AlertmanagerSilence>))]
[JsonSerializable(typeof(AlertmanagerSilenceCreated))]
internal sealed partial class AlertJson : JsonSerializerContext;
