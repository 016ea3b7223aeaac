using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Who the engine watches, in the file's order: the targets with their separators, and the SNMP agents the lines name.
/// A load keeps every target whose identity (name, address, probe options) is unchanged, with its history, and every
/// agent at an unchanged address and port with its interfaces' baselines; it starts nothing and stops nothing, but
/// says what came and what went (<see cref="RosterChange"/>) so the loop does both. Only the engine loop touches it,
/// and the constructor before the loop runs.
/// </summary>
internal sealed class Roster(IProbeFactory probes, MonitorOptions options, TimeProvider time) : IDisposable
{
    private readonly Dictionary<int, MonitoredTarget> _targets = [];
    private readonly Dictionary<int, WatchedAgent> _agents = [];
    private WatchedAgent[] _agentOrder = [];
    private int _nextId;

    public IReadOnlyDictionary<int, MonitoredTarget> Targets => _targets;

    public IReadOnlyDictionary<int, WatchedAgent> Agents => _agents;

    /// <summary>One entry per line: a target or a separator.</summary>
    public (MonitoredTarget? Target, SeparatorSpec? Separator)[] Layout { get; private set; } = [];

    /// <summary>Agents in the order of their lines; also read by tests that drive the engine on a fake clock, hence replaced whole.</summary>
    public WatchedAgent[] AgentOrder => Volatile.Read(ref _agentOrder);

    public Health.HealthSettings Health { get; set; } = options.Health;

    public RosterChange Load(IReadOnlyList<ConfigEntry> entries)
    {
        var unclaimed = _targets.Values.GroupBy(t => t.State.Spec.Identity).ToDictionary(g => g.Key, g => new Queue<MonitoredTarget>(g));
        var unclaimedAgents = _agentOrder.GroupBy(a => WatchedAgent.KeyOf(a.Host)).ToDictionary(g => g.Key, g => new Queue<WatchedAgent>(g));
        var change = new RosterChange();
        var layout = new List<(MonitoredTarget?, SeparatorSpec?)>();
        var kept = new Dictionary<int, MonitoredTarget>();
        var agents = new List<WatchedAgent>();
        // Most hosts share their rules: one object for each distinct set, not one per host.
        var rules = new HashSet<Health.HealthRules>();
        foreach (ConfigEntry entry in entries)
        {
            if (entry is SeparatorSpec separator)
            {
                layout.Add((null, separator));
                continue;
            }

            var spec = (TargetSpec)entry;
            MonitoredTarget target = unclaimed.TryGetValue(spec.Identity, out var same) && same.TryDequeue(out var existing)
                ? existing
                : Create(spec, change);
            target.State.UpdateSpec(spec);
            Health.HealthRules own = Health.For(spec.Name, spec.Group, spec.Health);
            if (!rules.TryGetValue(own, out Health.HealthRules? shared))
            {
                rules.Add(own);
                shared = own;
            }

            target.State.SetRules(shared, options.Timing.Interval);
            target.State.Windows = Health.Maintenance.Count == 0 ? [] : Health.MaintenanceFor(spec.Name, spec.Group);
            kept[target.State.Id] = target;
            layout.Add((target, null));
            WatchedAgent? agent = spec.Traffic is null ? null : Watch(spec, unclaimedAgents, change);
            if (agent is not null)
            {
                agents.Add(agent);
                agent.Target = target;
            }

            change.Lines.Add((target, agent));
        }

        change.Removed.AddRange(_targets.Values.Where(t => !kept.ContainsKey(t.State.Id)));
        _targets.Clear();
        foreach (var (id, target) in kept)
        {
            _targets[id] = target;
        }

        foreach (WatchedAgent gone in unclaimedAgents.Values.SelectMany(q => q))
        {
            _agents.Remove(gone.Id);
            change.Removed.Add(gone);
        }

        Layout = [.. layout];
        Volatile.Write(ref _agentOrder, [.. agents]);
        return change;
    }

    private MonitoredTarget Create(TargetSpec spec, RosterChange change)
    {
        int id = _nextId++;
        string? unsupported = probes.Unsupported(spec.Probe);
        string? note = unsupported ?? (spec.Address.IsHostName ? "resolving" : null);
        var target = new MonitoredTarget(new TargetState(id, spec, options.HistoryCapacity, note, time.GetUtcNow()), new ScheduledTarget(id, options.Timing), unsupported is null, spec.Address.Literal is null || spec.Address.Scope is not null);
        change.Added.Add(target);
        return target;
    }

    private WatchedAgent Watch(TargetSpec host, Dictionary<string, Queue<WatchedAgent>> unclaimed, RosterChange change)
    {
        if (unclaimed.TryGetValue(WatchedAgent.KeyOf(host), out var same) && same.TryDequeue(out WatchedAgent? agent))
        {
            agent.Update(host);
        }
        else
        {
            agent = new WatchedAgent(_nextId++, host);
            _agents[agent.Id] = agent;
            change.AddedAgents.Add(agent);
        }

        agent.Expect(options.Snmp.Gauges(host.Traffic!));
        return agent;
    }

    /// <summary>Pauses or resumes every probe; rounds dropped by the pause will never report, so the log stops waiting for them.</summary>
    public void Pause(bool paused, List<ProbeRecord> records)
    {
        foreach (MonitoredTarget target in _targets.Values)
        {
            target.Scheduled.Probe?.Pause(paused);
            target.Records.SkipTo(target.Scheduled.NextRound, records);
        }
    }

    /// <summary>deadman's refresh; results of probes already in flight belong to the old statistics.</summary>
    public void Reset()
    {
        foreach (MonitoredTarget target in _targets.Values)
        {
            target.State.Reset(target.Scheduled.NextRound);
        }
    }

    /// <summary>Stops every probe and polling task: the engine has stopped.</summary>
    public void Dispose()
    {
        foreach (MonitoredTarget target in _targets.Values)
        {
            target.Dispose();
        }

        foreach (WatchedAgent agent in _agents.Values)
        {
            agent.Dispose();
        }
    }
}
