namespace DeadMan.Core.Config;

/// <summary>How a target is probed; the names are what <c>--check</c> prints.</summary>
public enum ProbeKind
{
    Icmp,
    Tcp,
    SshRelay,
    Netns,
    Vrf,
    RouterOsApi,
    SnmpPing,
    Dns,
    Http,
}
