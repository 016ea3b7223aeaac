using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeadMan.Core.Export;

// The lines of deadman-events.jsonl, each a fixed shape written by System.Text.Json's source generator: the time,
// the event and the vantage first on every line, then what the event says.

/// <summary>What every line starts with; set by <see cref="EventLog"/> as it writes the line, the same for all.</summary>
internal abstract record EventLine
{
    [JsonPropertyOrder(-3)]
    public string Time { get; set; } = "";

    [JsonPropertyOrder(-2)]
    public string Event { get; set; } = "";

    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Vantage { get; set; }
}

internal sealed record StartLine(int Targets, string Version) : EventLine;

internal sealed record StopLine : EventLine;

internal sealed record ReloadLine(int Targets) : EventLine;

internal sealed record ReloadFailedLine(string Error) : EventLine;

internal sealed record AlertLine(string Route, string Notification, int Hosts, string Detail) : EventLine;

internal sealed record NoticeLine(string Message) : EventLine;

/// <summary>
/// A host's change; how long the state it left lasted, unless that was the unknown one at the start; during a
/// maintenance window, which (its note, or when it is).
/// </summary>
internal sealed record HostLine(
    string Name, string Address, string? Group, string From, string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AfterS,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Maintenance = null) : EventLine;

internal sealed record AgentLine(string Name, string Agent, string? Detail) : EventLine;

/// <summary>A pmtu=on host's path MTU, before and after, in bytes.</summary>
internal sealed record PathMtuLine(string Name, string Address, string? Group, int From, int To) : EventLine;

/// <summary>
/// A host's path as traced: when it failed ("trace": where it stops) or, with trace=on, another path than before
/// ("path_changed", with the path before).
/// </summary>
internal sealed record TraceLine(
    string Name, string Address, string? Group, string Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastAnswer,
    IReadOnlyList<Probing.Trace.HopRecord> Hops,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Probing.Trace.HopRecord>? Before,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TracedFor) : EventLine;

/// <summary>
/// An operator's acknowledgement of a host's problem ("acknowledged": who, the state, until when, the note) or its
/// end ("acknowledgement_ended", with why: "up again", "expired", "withdrawn by …").
/// </summary>
internal sealed record AcknowledgementLine(
    string Name, string Address, string? Group, string By, string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Until,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ended) : EventLine;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StartLine))]
[JsonSerializable(typeof(StopLine))]
[JsonSerializable(typeof(ReloadLine))]
[JsonSerializable(typeof(ReloadFailedLine))]
[JsonSerializable(typeof(AlertLine))]
[JsonSerializable(typeof(NoticeLine))]
[JsonSerializable(typeof(HostLine))]
[JsonSerializable(typeof(AgentLine))]
[JsonSerializable(typeof(PathMtuLine))]
[JsonSerializable(typeof(TraceLine))]
[JsonSerializable(typeof(AcknowledgementLine))]
internal sealed partial class EventJson : JsonSerializerContext
{
    /// <summary>Names and notes as they are, not \u-escaped: the log is read by people and by jq alike.</summary>
    public static EventJson Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    });
}
