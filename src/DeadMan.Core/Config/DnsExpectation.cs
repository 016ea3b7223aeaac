using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Config;

/// <summary>
/// <c>dns-expect=</c>: what an answer must hold. An address (an A or AAAA record equal to it), a prefix such as
/// <c>64:ff9b::/96</c> (a record inside it: a DNS64 resolver's synthesised answers), or else text that a record's data
/// must contain, case aside (a CNAME's target, an MX's exchange, a TXT's words).
/// </summary>
public sealed record DnsExpectation(string Text, IPAddress? Address, IPNetwork? Prefix)
{
    public static DnsExpectation Parse(string text) =>
        IPAddress.TryParse(text, out IPAddress? address) && !text.Contains('/', StringComparison.Ordinal)
            ? new DnsExpectation(text, address, null)
            : text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out IPNetwork prefix)
                ? new DnsExpectation(text, null, prefix)
                : new DnsExpectation(text, null, null);

    /// <summary>The address family an answer must have to hold this, if it is an address or a prefix.</summary>
    public AddressFamily? Family => Address?.AddressFamily ?? Prefix?.BaseAddress.AddressFamily;

    /// <summary>Whether one record holds it: its address (for A and AAAA records) or its data as text.</summary>
    public bool HeldBy(IPAddress? address, string data) =>
        Address is { } wanted ? wanted.Equals(address)
        : Prefix is { } prefix ? address is not null && prefix.Contains(address)
        : data.Contains(Text, StringComparison.OrdinalIgnoreCase);
}
