namespace DeadMan.Core.Config;

/// <summary>
/// <c>traffic=ge-0/0/1,ge-0/0/2 community=noc [snmp-port=161] [snmp-version=2c] [speed=1G]</c> (or <c>snmp=NAME</c>
/// instead of the community) on a host line: poll these interfaces (by ifName, ifDescr or ifIndex) over SNMP; with
/// <c>gauges=clients,cpu</c> (with or without traffic=) read these <c>[snmp.gauge.NAME]</c> of deadman.toml too. The
/// host itself is still pinged as usual.
/// </summary>
/// <param name="Version">"2c", or "settings" when snmp=NAME says (v2c or v3; not shown then).</param>
/// <param name="SpeedBitsPerSecond">Overrides the agent's ifHighSpeed/ifSpeed for utilisation (lo and veth lie).</param>
public sealed record TrafficSpec(IReadOnlyList<string> Interfaces, SnmpAccess Access, int Port, string Version, long? SpeedBitsPerSecond)
{
    /// <summary>The names of the gauges= the line reads, in its order; empty without gauges=.</summary>
    public IReadOnlyList<string> Gauges { get; init; } = [];

    public IEnumerable<KeyValuePair<string, string>> DisplayOptions()
    {
        if (Interfaces.Count > 0)
        {
            yield return KeyValuePair.Create("traffic", string.Join(',', Interfaces));
        }

        if (Gauges.Count > 0)
        {
            yield return KeyValuePair.Create("gauges", string.Join(',', Gauges));
        }

        yield return Access.DisplayOption();
        yield return KeyValuePair.Create("snmp-port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Access.Credentials is null)
        {
            yield return KeyValuePair.Create("snmp-version", Version);
        }
        if (SpeedBitsPerSecond is { } speed)
        {
            yield return KeyValuePair.Create("speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
