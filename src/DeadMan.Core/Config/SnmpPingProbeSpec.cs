namespace DeadMan.Core.Config;

/// <summary><c>via=snmp relay=AGENT community=…</c>: remote ping through DISMAN-PING-MIB.</summary>
public sealed record SnmpPingProbeSpec(string Agent, Secret Community) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.SnmpPing;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("relay", Agent), ("community", Community));

    protected override IEnumerable<string?> IdentityParts() => [Agent, Community.Fingerprint()];
}
