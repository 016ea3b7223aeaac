using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    public void Started(int targets, string version) => Write(new StartLine(targets, version), "start", EventJson.Relaxed.StartLine);

    public void Stopped() => Write(new StopLine(), "stop", EventJson.Relaxed.StopLine);

    public void Reloaded(int targets) => Write(new ReloadLine(targets), "reload", EventJson.Relaxed.ReloadLine);

    public void ReloadFailed(string error) => Write(new ReloadFailedLine(error), "reload_failed", EventJson.Relaxed.ReloadFailedLine);

    /// <summary>
    /// A notification delivered ("alert") or given up on ("alert_failed"), with what the route said. What it told
    /// is "notification" ("down", "recovered" …): under "event" it would be a second key of that name, which jq and
    /// most readers resolve to the last one, so a delivery would read as a host going down.
    /// </summary>
    public void Alert(Alerts.AlertOutcome outcome) =>
        Write(new AlertLine(outcome.Route, outcome.Event, outcome.Hosts, outcome.Detail), outcome.Delivered ? "alert" : "alert_failed", EventJson.Relaxed.AlertLine);

    /// <summary>Something the operator should know that is not one host's change ("is it us?").</summary>
    public void Notice(string message) => Write(new NoticeLine(message), "notice", EventJson.Relaxed.NoticeLine);

    /// <summary>"up", "down", "degraded", or "recovered" (degraded, then up again), with how long the state before lasted.</summary>
    public void StateChanged(StateChange change)
    {
        string? detail = change.To switch
        {
            TargetStatus.Down => StateWords.Failure(change.Target.LastResult?.Detail),
            TargetStatus.Degraded => change.Target.Reason,
            _ => null,
        };
        double? after = change.Lasted is { } lasted && change.From != TargetStatus.Unknown ? Math.Round(lasted.TotalSeconds, 1) : null;
        var line = new HostLine(change.Target.Spec.Name, change.Target.Spec.Address.Text, change.Target.Spec.Group, StateWords.Name(change.From), detail, after,
                                change.Target.Maintenance is { } window ? window.Note ?? window.Describe() : null);
        Write(line, StateWords.EventName(change.From, change.To), EventJson.Relaxed.HostLine, change.At);
    }

    /// <summary>"path_mtu": a pmtu=on host's path carries another size than it did ("from" and "to" in bytes).</summary>
    public void PathMtuChanged(PathMtuChange change) =>
        Write(new PathMtuLine(change.Target.Spec.Name, change.Target.Spec.Address.Text, change.Target.Spec.Group, change.From, change.To),
              "path_mtu", EventJson.Relaxed.PathMtuLine, change.At);

    /// <summary>"trace": where a failing host's path stops; "path_changed": a trace=on host's path is another, with the one before.</summary>
    public void Traced(TraceEvent traced)
    {
        TargetView t = traced.Target;
        var line = new TraceLine(t.Spec.Name, t.Spec.Address.Text, t.Spec.Group, traced.Trace.Summary(t.KnownPathLength), t.LastAnswer,
                                 Probing.Trace.HopRecord.Of(traced.Trace), traced.Before is { } before ? Probing.Trace.HopRecord.Of(before) : null,
                                 traced.Trace.TracedFor);
        // A trace=on host's routine trace that found the same path is no event.
        if (traced.PathChanged || !traced.Trace.Reached)
        {
            Write(line, traced.PathChanged ? "path_changed" : "trace", EventJson.Relaxed.TraceLine, traced.At);
        }
    }

    /// <summary>"acknowledged" when an operator acknowledges a host's problem, "acknowledgement_ended" when it ends.</summary>
    public void Acknowledged(AcknowledgementChange change)
    {
        TargetView t = change.Target;
        Acknowledgement a = change.Acknowledgement;
        string? until = a.Until is { } end ? TimeZoneInfo.ConvertTime(end, TimeZoneInfo.Local).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) : null;
        Write(new AcknowledgementLine(t.Spec.Name, t.Spec.Address.Text, t.Spec.Group, a.By, a.AnyState ? "any" : StateWords.Name(a.For), until, a.Note, change.Ended),
              change.Ended is null ? "acknowledged" : "acknowledgement_ended", EventJson.Relaxed.AcknowledgementLine, change.At);
    }

    public void AgentChanged(AgentChange change) => Write(new AgentLine(change.Host, change.Agent, change.Detail), change.Kind switch
    {
        AgentChangeKind.StoppedAnswering => "snmp_agent_down",
        AgentChangeKind.Answering => "snmp_agent_up",
        _ => "snmp_agent_restarted",
    }, EventJson.Relaxed.AgentLine, change.At);

    private void Write<T>(T line, string kind, JsonTypeInfo<T> shape, DateTimeOffset? at = null)
        where T : EventLine
    {
        DateTimeOffset when = at ?? time.GetUtcNow();
        line.Time = TimeZoneInfo.ConvertTime(when, TimeZoneInfo.Local).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        line.Event = kind;
        line.Vantage = vantage;
        appender.Append(FileName, JsonSerializer.Serialize(line, shape), prompt: true);
    }
}
