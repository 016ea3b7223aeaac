namespace DeadMan.Core.Config;

/// <summary><c>via=snmp relay=AGENT community=…</c> (or <c>snmp=NAME</c>): remote ping through DISMAN-PING-MIB.</summary>
public sealed record SnmpPingProbeSpec(string Agent, SnmpAccess Access) : ProbeSpec
{
    /// <summary>SNMP's own port, when the relay names none.</summary>
    public const int DefaultPort = 161;

    public override ProbeKind Kind => ProbeKind.SnmpPing;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("relay", Agent), (Access.DisplayOption().Key, Access.DisplayOption().Value));

    protected override IEnumerable<string?> IdentityParts() => [Agent, Access.Identity];
}
