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
        ProbeKind.Dns => "dns",
        ProbeKind.Http => "http",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind a name stands for, as another deadman's metrics label it; null for a name this version does not know.</summary>
    public static ProbeKind? Parse(string name) => Enum.GetValues<ProbeKind>().Select(k => (ProbeKind?)k).FirstOrDefault(k => Of(k!.Value) == name);
}
