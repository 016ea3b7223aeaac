namespace DeadMan.Core.Monitoring;

/// <summary>
/// Opens and closes [[maintenance]] windows for the hosts they match, on the engine loop: looked at once a second
/// (and never when no host has a window), and for a host the moment its state changes, so a change at a window's
/// edge is judged by the window as it is then.
/// </summary>
internal sealed class MaintenanceWatch(Roster roster)
{
    private static readonly TimeSpan s_every = TimeSpan.FromSeconds(1);
    private MonitoredTarget[] _watched = [];
    private DateTimeOffset _checkedAt;

    /// <summary>After a load or reload: the hosts with windows, looked at again at the next check.</summary>
    public void Load()
    {
        _watched = [.. roster.Targets.Values.Where(t => t.State.Windows.Count > 0)];
        _checkedAt = default;
        foreach (MonitoredTarget target in roster.Targets.Values.Where(t => t.State.Windows.Count == 0))
        {
            target.State.CheckMaintenance(DateTimeOffset.MinValue);
        }
    }

    /// <summary>
    /// Opens and closes windows as of <paramref name="now"/>, once a second; true when one did. A host still in
    /// trouble when its window closes goes into <paramref name="stillFailing"/>: its trouble is news from then on.
    /// </summary>
    public bool Check(DateTimeOffset now, List<TargetState> stillFailing)
    {
        if (_watched.Length == 0 || now - _checkedAt < s_every)
        {
            return false;
        }

        _checkedAt = now;
        bool changed = false;
        foreach (MonitoredTarget target in _watched)
        {
            TargetState state = target.State;
            bool was = state.Maintenance is not null;
            if (state.CheckMaintenance(now))
            {
                changed = true;
                if (was && state.Maintenance is null && state.Status is Health.TargetStatus.Down or Health.TargetStatus.Degraded && state.Acknowledgement is null)
                {
                    stillFailing.Add(state);
                }
            }
        }

        return changed;
    }
}
