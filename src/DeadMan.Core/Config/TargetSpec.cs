namespace DeadMan.Core.Config;

/// <summary>One host to watch, as written in the file.</summary>
/// <param name="Group">Title of the nearest separator above, if it had one.</param>
public sealed record TargetSpec(string Name, TargetAddress Address, ProbeSpec Probe, string? Group, int Line)
    : ConfigEntry(Line)
{
    /// <summary>Interfaces of this host to watch over SNMP (<c>traffic=</c>), if any.</summary>
    public TrafficSpec? Traffic { get; init; }

    /// <summary>This line's own health rules (<c>loss-warn=</c>, <c>rtt-warn=</c>, …), over deadman.toml's.</summary>
    public Health.HealthRules Health { get; init; } = Core.Health.HealthRules.None;

    /// <summary><c>expect=down</c>: a spare or a host not yet installed; dimmed, never alerted while down, news when it comes up.</summary>
    public bool ExpectDown { get; init; }

    /// <summary>The options exactly as written, in file order (credentials unmasked): what the round-trip tests print back.</summary>
    public IReadOnlyList<ConfigOption> Options { get; init; } = [];

    /// <summary>What makes two specs the same target across a reload: history follows it.</summary>
    public string Identity => $"{Name}\u001f{Address.Text}\u001f{Probe.Identity}";
}
