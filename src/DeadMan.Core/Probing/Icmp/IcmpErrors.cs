using System.Net;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>Turns ICMP error types and codes into outcomes with words an operator knows.</summary>
internal static class IcmpErrors
{
    /// <param name="from">Who sent the error (4 or 16 bytes), or empty when unknown.</param>
    /// <param name="mtu">What a "too big" error says the next link carries.</param>
    public static ProbeResult Describe(bool ipv6, byte type, byte code, ReadOnlySpan<byte> from, uint mtu)
    {
        string origin = from.IsEmpty ? "" : $" from {new IPAddress(from)}";
        if (EchoPacket.IsTooBig(ipv6, type, code))
        {
            string at = from.IsEmpty ? "" : $" at {new IPAddress(from)}";
            return ProbeResult.Failed(ProbeOutcome.TooBig, $"{TooBigPrefix}{mtu.ToString(System.Globalization.CultureInfo.InvariantCulture)}{at}");
        }

        bool timeExceeded = ipv6 ? type == EchoPacket.TimeExceededV6 : type == EchoPacket.TimeExceededV4;
        if (timeExceeded)
        {
            return ProbeResult.Failed(ProbeOutcome.TimeExceeded, (ipv6 ? "hop limit exceeded" : "TTL exceeded") + origin);
        }

        string reason = ipv6 ? UnreachableV6(code) : UnreachableV4(code);
        return ProbeResult.Failed(ProbeOutcome.Unreachable, reason + origin);
    }

    /// <summary>The MTU a "too big" result of <see cref="Describe"/> names, read back from its words; else null.</summary>
    public static int? MtuOf(ProbeResult result)
    {
        if (result is not { Outcome: ProbeOutcome.TooBig, Detail: { } detail } || !detail.StartsWith(TooBigPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        ReadOnlySpan<char> rest = detail.AsSpan(TooBigPrefix.Length);
        int digits = rest.IndexOfAnyExceptInRange('0', '9') is var end and >= 0 ? end : rest.Length;
        return int.TryParse(rest[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int mtu) ? mtu : null;
    }

    private const string TooBigPrefix = "too big: MTU ";

    private static string UnreachableV4(byte code) => code switch
    {
        0 => "network unreachable",
        1 => "host unreachable",
        2 => "protocol unreachable",
        3 => "port unreachable",
        4 => "fragmentation needed",
        9 or 10 or 13 => "administratively prohibited",
        _ => $"destination unreachable (code {code})",
    };

    private static string UnreachableV6(byte code) => code switch
    {
        0 => "no route to destination",
        1 => "administratively prohibited",
        3 => "address unreachable",
        4 => "port unreachable",
        _ => $"destination unreachable (code {code})",
    };
}
