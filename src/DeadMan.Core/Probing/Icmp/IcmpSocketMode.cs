namespace DeadMan.Core.Probing.Icmp;

/// <summary>How the kernel lets us send ICMP: ping sockets need no privilege, raw sockets need CAP_NET_RAW.</summary>
public enum IcmpSocketMode
{
    /// <summary><c>SOCK_DGRAM</c> "ping socket", allowed by <c>net.ipv4.ping_group_range</c>.</summary>
    Datagram,

    /// <summary><c>SOCK_RAW</c>, allowed to root or with <c>cap_net_raw</c>.</summary>
    Raw,
}
