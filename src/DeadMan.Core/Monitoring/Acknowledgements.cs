using DeadMan.Core.Health;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The operators' acknowledgements, kept on the engine loop with the hosts they are for: given, withdrawn, restored
/// from the state file by host name, and ended when the host is up again, turns to a state they do not cover, leaves
/// the host list or runs out of time. Each change is queued for the monitor's <c>Acknowledged</c> event, with every
/// acknowledgement in force (what the state file keeps).
/// </summary>
internal sealed class Acknowledgements(Roster roster, List<AcknowledgementChange> changes)
{
    /// <summary>Why one ends when its host is up again (after its up_after).</summary>
    public const string UpAgain = "up again";

    private static readonly TimeSpan s_expiryCheck = TimeSpan.FromSeconds(1);
    private int _given;
    private DateTimeOffset _checkedAt;

    /// <summary>Acknowledges the hosts among <paramref name="ids"/> that have a problem now (down or degraded).</summary>
    public void Give(IReadOnlyList<int> ids, Acknowledgement acknowledgement, DateTimeOffset now)
    {
        foreach (int id in ids)
        {
            if (roster.Targets.TryGetValue(id, out MonitoredTarget? target) && target.State.Status is TargetStatus.Down or TargetStatus.Degraded)
            {
                Set(target.State, acknowledgement with { For = target.State.Status, At = now }, null, now);
            }
        }
    }

    public void Withdraw(IReadOnlyList<int> ids, string by, DateTimeOffset now)
    {
        foreach (int id in ids)
        {
            if (roster.Targets.TryGetValue(id, out MonitoredTarget? target) && target.State.Acknowledgement is not null)
            {
                Set(target.State, null, $"withdrawn by {by}", now);
            }
        }
    }

    /// <summary>Acknowledgements saved by an earlier run, given back to the hosts of the same name (quietly: they were told then).</summary>
    public void Restore(IReadOnlyDictionary<string, Acknowledgement> saved, DateTimeOffset now)
    {
        foreach (MonitoredTarget target in roster.Targets.Values)
        {
            if (saved.TryGetValue(target.State.Spec.Name, out Acknowledgement? acknowledgement) && !(acknowledgement.Until <= now))
            {
                _given += target.State.Acknowledgement is null ? 1 : 0;
                target.State.Acknowledge(acknowledgement);
            }
        }
    }

    /// <summary>After a change of state: up again, or a state it does not cover, ends it.</summary>
    public void StatusChanged(TargetState state, DateTimeOffset now)
    {
        if (state.Acknowledgement is { } acknowledgement && state.Status != TargetStatus.Unknown && !acknowledgement.Covers(state.Status))
        {
            Set(state, null, state.Status == TargetStatus.Up ? UpAgain : $"{StateWords.Name(state.Status)}: not the state acknowledged", now);
        }
    }

    /// <summary>A host a reload removed takes its acknowledgement with it.</summary>
    public void Removed(TargetState state, DateTimeOffset now)
    {
        if (state.Acknowledgement is not null)
        {
            Set(state, null, "removed from the host list", now);
        }
    }

    /// <summary>Ends those whose time is up, looking once a second (and never without any); true when one ended.</summary>
    public bool Expire(DateTimeOffset now)
    {
        if (_given == 0 || now - _checkedAt < s_expiryCheck)
        {
            return false;
        }

        _checkedAt = now;
        bool ended = false;
        foreach (MonitoredTarget target in roster.Targets.Values)
        {
            if (target.State.Acknowledgement is { Until: { } until } && until <= now)
            {
                Set(target.State, null, "expired", now);
                ended = true;
            }
        }

        return ended;
    }

    private void Set(TargetState state, Acknowledgement? given, string? ended, DateTimeOffset now)
    {
        Acknowledgement? before = state.Acknowledgement;
        _given += (given is null ? 0 : 1) - (before is null ? 0 : 1);
        state.Acknowledge(given);
        changes.Add(new AcknowledgementChange(state.View, (given ?? before)!, ended, now, InForce()));
    }

    private Dictionary<string, Acknowledgement> InForce()
    {
        var all = new Dictionary<string, Acknowledgement>(StringComparer.Ordinal);
        foreach (MonitoredTarget target in roster.Targets.Values)
        {
            if (target.State.Acknowledgement is { } acknowledgement)
            {
                all.TryAdd(target.State.Spec.Name, acknowledgement);
            }
        }

        return all;
    }
}
