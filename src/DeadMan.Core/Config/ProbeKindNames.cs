namespace DeadMan.Core.Config;

/// <summary>The stable lower-case names of probe kinds used in output and JSON.</summary>
public static class ProbeKindNames
{
    public static string Of(ProbeKind kind) => kind switch
    {
        ProbeKind.Icmp => "icmp",
        ProbeKind.Tcp => "tcp",
        ProbeKind.SshRelay => "ssh",
        ProbeKind.Netns => "netns",
        ProbeKind.Vrf => "vrf",
        ProbeKind.RouterOsApi => "routeros_api",
        ProbeKind.SnmpPing => "snmp",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
