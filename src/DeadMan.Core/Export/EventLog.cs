using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Export;

/// <summary>
/// What happened, one JSON object per line in <c>deadman-events.jsonl</c> beside the host logs: start and stop, every
/// up/down change, reloads that worked or failed, SNMP agents that stop or start answering or restart. Timestamps are ISO 8601 with their offset.
/// <code>{"time":"2026-11-22T12:34:56.789+09:00","event":"down","name":"core-sw","address":"192.0.2.1","group":"Core","from":"up","detail":"no reply"}</code>
/// </summary>
/// <param name="vantage">Where this deadman stands (--vantage): on every line when set.</param>
public sealed class EventLog(LogAppender appender, TimeProvider time, string? vantage = null)
{
    public const string FileName = "deadman-events.jsonl";

    public void Started(int targets, string version) => Write("start", json =>
    {
        json.WriteNumber("targets", targets);
        json.WriteString("version", version);
    });

    public void Stopped() => Write("stop", _ => { });

    public void Reloaded(int targets) => Write("reload", json => json.WriteNumber("targets", targets));

    public void ReloadFailed(string error) => Write("reload_failed", json => json.WriteString("error", error));

    /// <summary>
    /// A notification delivered ("alert") or given up on ("alert_failed"), with what the route said. What it told
    /// is "notification" ("down", "recovered" …): under "event" it would be a second key of that name, which jq and
    /// most readers resolve to the last one, so a delivery would read as a host going down.
    /// </summary>
    public void Alert(Alerts.AlertOutcome outcome) => Write(outcome.Delivered ? "alert" : "alert_failed", json =>
    {
        json.WriteString("route", outcome.Route);
        json.WriteString("notification", outcome.Event);
        json.WriteNumber("hosts", outcome.Hosts);
        json.WriteString("detail", outcome.Detail);
    });

    /// <summary>Something the operator should know that is not one host's change ("is it us?").</summary>
    public void Notice(string message) => Write("notice", json => json.WriteString("message", message));

    /// <summary>"up", "down", "degraded", or "recovered" (degraded, then up again), with how long the state before lasted.</summary>
    public void StateChanged(StateChange change) => Write(StateWords.EventName(change.From, change.To), json =>
    {
        json.WriteString("name", change.Target.Spec.Name);
        json.WriteString("address", change.Target.Spec.Address.Text);
        json.WriteString("group", change.Target.Spec.Group);
        json.WriteString("from", StateWords.Name(change.From));
        json.WriteString("detail", change.To switch
        {
            TargetStatus.Down => StateWords.Failure(change.Target.LastResult?.Detail),
            TargetStatus.Degraded => change.Target.Reason,
            _ => null,
        });
        if (change.Lasted is { } lasted && change.From != TargetStatus.Unknown)
        {
            json.WriteNumber("after_s", Math.Round(lasted.TotalSeconds, 1));
        }
    }, change.At);

    public void AgentChanged(AgentChange change) => Write(change.Kind switch
    {
        AgentChangeKind.StoppedAnswering => "snmp_agent_down",
        AgentChangeKind.Answering => "snmp_agent_up",
        _ => "snmp_agent_restarted",
    }, json =>
    {
        json.WriteString("name", change.Host);
        json.WriteString("agent", change.Agent);
        json.WriteString("detail", change.Detail);
    }, change.At);

    private void Write(string kind, Action<Utf8JsonWriter> body, DateTimeOffset? at = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartObject();
            DateTimeOffset when = at ?? time.GetUtcNow();
            json.WriteString("time", TimeZoneInfo.ConvertTime(when, TimeZoneInfo.Local).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("event", kind);
            if (vantage is not null)
            {
                json.WriteString("vantage", vantage);
            }

            body(json);
            json.WriteEndObject();
        }

        appender.Append(FileName, System.Text.Encoding.UTF8.GetString(buffer.ToArray()), prompt: true);
    }
}
