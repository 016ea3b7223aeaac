using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Alerts;

/// <summary>What happened to a set of hosts within one group_wait: one message, not one per host.</summary>
/// <param name="Event">"down", "degraded", "up" (back from down, or an expect=down host answering) or "recovered" (from degraded).</param>
/// <param name="Changes">The hosts' changes, oldest first.</param>
/// <param name="SelfSuspect">When most hosts failed together: that the monitor's own path may be down, and which it is.</param>
public sealed record Notification(string Event, IReadOnlyList<StateChange> Changes, string? SelfSuspect)
{
    /// <summary>Where this deadman stands (--vantage), when several watch the same hosts; null for a single one.</summary>
    public string? Vantage { get; init; }

    /// <summary>The failing hosts' traces, taken when they failed and in by the time the notification left (by id).</summary>
    public IReadOnlyDictionary<int, Probing.Trace.PathTrace> Traces { get; init; } = new Dictionary<int, Probing.Trace.PathTrace>();

    /// <summary>The host's trace, if one came in for this change.</summary>
    public Probing.Trace.PathTrace? TraceOf(StateChange change) => Traces.GetValueOrDefault(change.Target.Id);

    /// <summary>"198.18.12.2 (sw-dist-2)": the last hop that answered on a broken path; null when none or not traced.</summary>
    public string? LastHop(StateChange change) => TraceOf(change) is { Reached: false, LastAnswer: { } hop } ? hop.Label : null;

    /// <summary>The event of a notification of a trace=on host's changed path, whose change is no change of state.</summary>
    public const string PathChangedEvent = "path_changed";

    /// <summary>For a path change: the path before, by id (the new one is in <see cref="Traces"/>).</summary>
    public IReadOnlyDictionary<int, Probing.Trace.PathTrace> PathsBefore { get; init; } = new Dictionary<int, Probing.Trace.PathTrace>();

    /// <summary>A trace=on host's path changed: told as such, whatever its state.</summary>
    public bool IsPathChange => Event == PathChangedEvent;

    /// <summary>An operator acknowledged a host's problem (<see cref="AcknowledgementEndedEvent"/>: it ended).</summary>
    public const string AcknowledgedEvent = "acknowledged";

    public const string AcknowledgementEndedEvent = "acknowledgement_ended";

    /// <summary>For an acknowledgement's notification: who, until when, why.</summary>
    public Acknowledgement? Acknowledgement { get; init; }

    /// <summary>For the end of one: why it ended ("withdrawn by …", "expired", "up again").</summary>
    public string? AcknowledgementEnded { get; init; }

    /// <summary>News of a host that is no change of its state (a path change, an acknowledgement): told as it is, never grouped or deduplicated.</summary>
    public bool IsStateless => IsPathChange || Acknowledgement is not null;

    /// <summary>A notification that an operator acknowledged a host's problem, or that the acknowledgement ended.</summary>
    public static Notification Acknowledged(AcknowledgementChange change) => new(change.Ended is null ? AcknowledgedEvent : AcknowledgementEndedEvent,
        [new StateChange(change.Target, change.Target.Status, change.Target.Status, change.At, 0)], null)
    {
        Acknowledgement = change.Acknowledgement,
        AcknowledgementEnded = change.Ended,
    };

    /// <summary>A notification that a trace=on host's path is another: its state, and both paths.</summary>
    public static Notification PathChanged(TraceEvent traced) => new(PathChangedEvent,
        [new StateChange(traced.Target, traced.Target.Status, traced.Target.Status, traced.At, 0)], null)
    {
        Traces = new Dictionary<int, Probing.Trace.PathTrace> { [traced.Target.Id] = traced.Trace },
        PathsBefore = new Dictionary<int, Probing.Trace.PathTrace> { [traced.Target.Id] = traced.Before! },
    };

    /// <summary>"core-sw → sw-2f → ap-2f-b": a path, by names where rows have them.</summary>
    public static string Route(Probing.Trace.PathTrace trace) => string.Join(" → ", trace.Hops.Select(h => h.Name ?? h.Address?.ToString() ?? "*"));

    /// <summary>"ap-1f-a down", "sw-1f and 12 more in 1F down", "3 hosts degraded", "uplink path changed: … (was …)".</summary>
    public string Summary
    {
        get
        {
            TargetView first = Changes[0].Target;
            if (IsPathChange && Traces.GetValueOrDefault(first.Id) is { } now && PathsBefore.GetValueOrDefault(first.Id) is { } before)
            {
                return $"{first.Spec.Name} path changed: {Route(now)} (was {Route(before)})";
            }

            if (Acknowledgement is { } known)
            {
                return AcknowledgementEnded is { } ended
                    ? $"{first.Spec.Name} acknowledgement ended: {ended}"
                    : $"{first.Spec.Name} {StateWords.Name(known.For)}, acknowledged by {known.Describe()}";
            }

            if (Changes.Count == 1)
            {
                string reason = Reason(Changes[0]) is { Length: > 0 } r ? $": {r}" : "";
                return $"{first.Spec.Name} {Event}{reason}";
            }

            string? group = Changes.Select(c => c.Target.Spec.Group).Distinct().Count() == 1 ? first.Spec.Group : null;
            return $"{first.Spec.Name} and {Changes.Count - 1} more{(group is null ? "" : $" in {group}")} {Event}";
        }
    }

    /// <summary>Why, as a person would say it: the failed probe's words, the degraded host's limits, how long it was out.</summary>
    public static string Reason(StateChange change) => change switch
    {
        { To: TargetStatus.Down, Target.LastResult: { } last } => Health.StateWords.Failure(last.Detail),
        { To: TargetStatus.Degraded } => change.Target.Reason ?? "",
        { To: TargetStatus.Up, From: TargetStatus.Down or TargetStatus.Degraded, Lasted: { } lasted } =>
            Health.StateWords.After(lasted, change.From),
        _ => "",
    };
}
