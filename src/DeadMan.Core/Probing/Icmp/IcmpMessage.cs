namespace DeadMan.Core.Probing.Icmp;

/// <summary>What an incoming ICMP packet says about one of our echo requests.</summary>
/// <param name="IsError">True for destination unreachable / time exceeded quoting our request.</param>
/// <param name="Nonce">From the echoed payload; errors quote too little payload to carry it, so it is 0 there.</param>
/// <param name="Ttl">From the IPv4 header when the socket delivers it (raw IPv4), else null.</param>
/// <param name="QuotedDestination">For errors: the destination our request was sent to (4 or 16 bytes).</param>
/// <param name="Mtu">For "fragmentation needed" and "packet too big": the MTU the router could not pass; else 0.</param>
internal readonly record struct IcmpMessage(
    bool IsError,
    byte Type,
    byte Code,
    ushort Identifier,
    ushort Sequence,
    bool CookieMatches,
    uint Nonce,
    byte? Ttl,
    ReadOnlyMemory<byte> QuotedDestination,
    uint Mtu = 0);
