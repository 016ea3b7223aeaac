namespace DeadMan.Core.Config;

/// <summary>
/// <c>dns=NAME</c>: the row's address is a DNS server, asked for <see cref="Query"/> each round (not through the
/// system resolver). <see cref="Type"/> is the record type asked for (A unless <c>dns-type=</c> says otherwise),
/// <see cref="Expect"/> what an answer must hold, <see cref="TcpOnly"/> asks over TCP every time (<c>dns-tcp=on</c>;
/// otherwise UDP, and TCP when the answer comes truncated).
/// </summary>
public sealed record DnsProbeSpec(string Query, string Type, DnsExpectation? Expect, bool TcpOnly) : ProbeSpec
{
    /// <summary>The record types <c>dns-type=</c> takes.</summary>
    public static readonly IReadOnlyList<string> Types = ["A", "AAAA", "CNAME", "MX", "TXT", "SOA", "NS", "PTR"];

    public override ProbeKind Kind => ProbeKind.Dns;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("dns", Query), ("dns-type", Type == "A" ? null : Type), ("dns-expect", Expect?.Text), ("dns-tcp", TcpOnly ? "on" : null));
}
