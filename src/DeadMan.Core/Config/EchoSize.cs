namespace DeadMan.Core.Config;

/// <summary>
/// The echo a kind that pings from this machine sends, when the line asks for other than ping's own:
/// <c>size=</c> payload bytes after the 8-byte ICMP header (ping's <c>-s</c>), and <c>df=on</c>, which sends the echo
/// whole or not at all (IPv4's don't-fragment bit; IPv6 routers never fragment, and with it the source does not
/// either). A path that cannot carry it says so ("too big: MTU 1400 at …") or drops it silently. With
/// <paramref name="SearchPathMtu"/> (<c>pmtu=on</c>) the path's MTU is found and watched besides.
/// </summary>
public sealed record EchoSize(int PayloadBytes, bool DontFragment, bool SearchPathMtu = false)
{
    /// <summary>ping's default: 64 bytes of ICMP, 84 on the wire over IPv4.</summary>
    public const int DefaultPayload = 56;

    /// <summary>What every echo carries to be told apart from others' (cookie and nonce).</summary>
    public const int MinimumPayload = 16;

    /// <summary>The most an IPv4 datagram carries after its 20-byte header and the 8 of ICMP.</summary>
    public const int MaximumPayload = 65_507;

    public static readonly EchoSize Default = new(DefaultPayload, false);

    /// <summary>What a line set of the echo, for the kinds that send ours; null for the others and for lines that set nothing.</summary>
    public static EchoSize? Of(ProbeSpec probe) => probe switch
    {
        IcmpProbeSpec i => i.Echo,
        NetnsProbeSpec n => n.Echo,
        VrfProbeSpec v => v.Echo,
        _ => null,
    };

    /// <summary>For the display and the identity: only what the line set differently from the default.</summary>
    internal IEnumerable<(string Key, object? Value)> Options() =>
        [("size", PayloadBytes == DefaultPayload ? null : PayloadBytes), ("df", DontFragment ? "on" : null), ("pmtu", SearchPathMtu ? "on" : null)];
}
