using DeadMan.Core.Config;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// An SNMP agent whose interfaces or gauges a host line watches (<c>traffic=</c>, <c>gauges=</c>): what the engine
/// keeps of it, and the lifetime of its polling task. Agents are told apart by address and port, so renaming the line
/// or changing the list of interfaces keeps the baselines of the interfaces still named.
/// </summary>
internal sealed class WatchedAgent(int id, TargetSpec host) : IDisposable
{
    private volatile TargetSpec _host = host;
    private long _waitingUntil = long.MinValue;

    public int Id { get; } = id;

    public static string KeyOf(TargetSpec host) => $"{host.Address.Text}\u001f{host.Traffic!.Port}";

    /// <summary>The line as last loaded: written by the engine loop, read by the polling task at each poll.</summary>
    public TargetSpec Host
    {
        get => _host;
        set => _host = value;
    }

    /// <summary>In the line's order. Only the engine loop touches these.</summary>
    public List<InterfaceState> Interfaces { get; } = [.. host.Traffic!.Interfaces.Select(name => new InterfaceState(name))];

    public List<GaugeState> Gauges { get; } = [.. host.Traffic!.Gauges.Select(name => new GaugeState(name))];

    /// <summary>The host line's target, whose state the gauges' limits feed. Only the engine loop touches it.</summary>
    public MonitoredTarget? Target { get; set; }

    /// <summary>Why the gauges make the host degraded ("clients 118 ≥ 80"); null when none is beyond its limits.</summary>
    public string? GaugeReason()
    {
        string[] reasons = [.. Gauges.Select(g => g.Reading?.Reason).OfType<string>()];
        return reasons.Length == 0 ? null : string.Join(", ", reasons);
    }

    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>The clock's timestamp the polling task waits for; a test's sign that the task has caught up with the clock.</summary>
    public long WaitingUntil
    {
        get => Volatile.Read(ref _waitingUntil);
        set => Volatile.Write(ref _waitingUntil, value);
    }

    /// <summary>The polling task, once the engine started it.</summary>
    public Task Polling { get; set; } = Task.CompletedTask;

    /// <summary>Keeps the state of interfaces the new line still names, in its order.</summary>
    public void Update(TargetSpec host)
    {
        Host = host;
        Dictionary<string, InterfaceState> kept = Interfaces.ToDictionary(i => i.Name);
        Interfaces.Clear();
        Interfaces.AddRange(host.Traffic!.Interfaces.Select(name => kept.GetValueOrDefault(name) ?? new InterfaceState(name)));
        Dictionary<string, GaugeState> keptGauges = Gauges.ToDictionary(g => g.Name);
        Gauges.Clear();
        Gauges.AddRange(host.Traffic!.Gauges.Select(name => keptGauges.GetValueOrDefault(name) ?? new GaugeState(name)));
    }

    /// <summary>
    /// Gauges not read yet are waiting, with their definitions: a report or a screen lists every gauge the line names
    /// (a headless run that ended before the first poll answered used to leave them out). Only the engine loop calls it.
    /// </summary>
    public void Expect(IReadOnlyList<Snmp.Gauges.GaugeDefinition> definitions)
    {
        foreach (GaugeState gauge in Gauges.Where(g => g.Reading is null))
        {
            if (definitions.FirstOrDefault(d => d.Name == gauge.Name) is { } definition)
            {
                gauge.Apply(Snmp.Gauges.GaugeReading.Waiting(definition));
            }
        }
    }

    /// <summary>What an interface or gauge says when neither its agent nor its host's pings answer.</summary>
    public const string HostDownDetail = "no response: the host does not answer pings either";

    /// <summary>A poll's readings, by interface and gauge name. Only the engine loop calls it.</summary>
    public void Apply(PollReport report)
    {
        // An agent silent on a host that does not answer pings either is the host being down: said so, rather than
        // the client's guesses at a silence (a wrong privacy password) that the pings explain.
        bool hostDown = Target?.State.Status == Health.TargetStatus.Down;
        foreach (InterfaceReading reading in report.Interfaces)
        {
            Interfaces.Find(i => i.Name == reading.Interface)?.Apply(hostDown && reading.State == "no-response" ? reading with { Detail = HostDownDetail } : reading);
        }

        foreach (Snmp.Gauges.GaugeReading reading in report.Gauges)
        {
            Gauges.Find(g => g.Name == reading.Name)?.Apply(hostDown && reading.State == "no-response" ? reading with { Detail = HostDownDetail } : reading);
        }
    }

    public void Dispose()
    {
        Lifetime.Cancel();
        Lifetime.Dispose();
    }
}
