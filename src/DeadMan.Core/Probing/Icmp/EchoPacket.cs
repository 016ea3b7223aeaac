using System.Buffers.Binary;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Encodes our echo requests and decodes what comes back (RFC 792, RFC 4443).
/// <code>
///  0        1        2        3
/// +--------+--------+--------+--------+
/// |  type  |  code  |    checksum     |
/// +--------+--------+--------+--------+
/// |   identifier    |    sequence     |
/// +--------+--------+--------+--------+
/// |    cookie (8 bytes, per engine)   |
/// +--------+--------+--------+--------+
/// |  nonce (4, per probe) | 0 (4)     |
/// +--------+--------+--------+--------+
/// </code>
/// The cookie tells our replies from other programs' (raw sockets see every ping on the host); the nonce tells
/// a reply to this probe from a late one to an earlier probe that used the same sequence number.
/// </summary>
internal static class EchoPacket
{
    public const int Length = 24;
    public const byte EchoRequestV4 = 8;
    public const byte EchoReplyV4 = 0;
    public const byte UnreachableV4 = 3;
    public const byte TimeExceededV4 = 11;
    public const byte EchoRequestV6 = 128;
    public const byte EchoReplyV6 = 129;
    public const byte UnreachableV6 = 1;
    public const byte PacketTooBigV6 = 2;
    public const byte FragmentationNeededV4 = 4;
    public const byte TimeExceededV6 = 3;

    public const int SequenceOffset = 6;
    public const int CookieOffset = 8;
    public const int NonceOffset = 16;
    private const int ChecksumOffset = 2;
    private const int IdentifierOffset = 4;
    private const int HeaderLength = 8;
    private const int Ipv4TtlOffset = 8;
    private const int Ipv4DestinationOffset = 16;
    private const int Ipv6HeaderLength = 40;
    private const int Ipv6DestinationOffset = 24;

    public static void WriteRequest(Span<byte> packet, bool ipv6, ushort identifier, ushort sequence, ulong cookie, uint nonce)
    {
        packet[..Length].Clear();
        packet[0] = ipv6 ? EchoRequestV6 : EchoRequestV4;
        BinaryPrimitives.WriteUInt16BigEndian(packet[IdentifierOffset..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet[SequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt64BigEndian(packet[CookieOffset..], cookie);
        BinaryPrimitives.WriteUInt32BigEndian(packet[NonceOffset..], nonce);
        // The kernel fills ICMPv6 checksums itself (it needs the pseudo-header); IPv4 raw sockets need ours.
        if (!ipv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[ChecksumOffset..], Checksum(packet[..Length]));
        }
    }

    /// <summary>Decodes an echo reply or an error quoting an echo request; anything else is false.</summary>
    /// <param name="withIpv4Header">Raw IPv4 sockets deliver the IP header too; nothing else does.</param>
    public static bool TryRead(ReadOnlyMemory<byte> packet, bool ipv6, bool withIpv4Header, ulong cookie, out IcmpMessage message)
    {
        message = default;
        ReadOnlySpan<byte> span = packet.Span;
        byte? ttl = null;
        int start = 0;
        if (withIpv4Header)
        {
            if (span.Length < 20)
            {
                return false;
            }

            start = (span[0] & 0x0F) * 4;
            ttl = span[Ipv4TtlOffset];
        }

        if (span.Length < start + HeaderLength)
        {
            return false;
        }

        ReadOnlySpan<byte> icmp = span[start..];
        byte type = icmp[0];
        if (type == (ipv6 ? EchoReplyV6 : EchoReplyV4))
        {
            bool cookieMatches = icmp.Length >= Length && BinaryPrimitives.ReadUInt64BigEndian(icmp[CookieOffset..]) == cookie;
            uint nonce = icmp.Length >= Length ? BinaryPrimitives.ReadUInt32BigEndian(icmp[NonceOffset..]) : 0;
            message = new IcmpMessage(false, type, icmp[1], ReadUInt16(icmp, IdentifierOffset), ReadUInt16(icmp, SequenceOffset),
                                      cookieMatches, nonce, ttl, ReadOnlyMemory<byte>.Empty);
            return true;
        }

        bool isError = ipv6 ? type is UnreachableV6 or PacketTooBigV6 or TimeExceededV6 : type is UnreachableV4 or TimeExceededV4;
        if (!isError || !TryReadQuoted(packet[(start + HeaderLength)..], ipv6, type, icmp[1], ttl, out message))
        {
            return false;
        }

        // The MTU the sender could not pass sits where an echo has its identifier: all four bytes for IPv6
        // (RFC 4443 3.2), the last two for IPv4 (RFC 1191 4).
        message = message with { Mtu = IsTooBig(ipv6, type, icmp[1]) ? (ipv6 ? BinaryPrimitives.ReadUInt32BigEndian(icmp[4..]) : ReadUInt16(icmp, 6)) : 0 };
        return true;
    }

    /// <summary>Whether an ICMP error says the packet was larger than the next link carries.</summary>
    public static bool IsTooBig(bool ipv6, byte type, byte code) =>
        ipv6 ? type == PacketTooBigV6 : type == UnreachableV4 && code == FragmentationNeededV4;

    // An error quotes the IP header of our request and at least 8 bytes of it: type, code, checksum, id, sequence.
    private static bool TryReadQuoted(ReadOnlyMemory<byte> quoted, bool ipv6, byte type, byte code, byte? ttl, out IcmpMessage message)
    {
        message = default;
        ReadOnlySpan<byte> span = quoted.Span;
        int headerLength;
        ReadOnlyMemory<byte> destination;
        if (ipv6)
        {
            headerLength = Ipv6HeaderLength;
            if (span.Length < headerLength + HeaderLength)
            {
                return false;
            }

            destination = quoted.Slice(Ipv6DestinationOffset, 16);
        }
        else
        {
            if (span.Length < 20)
            {
                return false;
            }

            headerLength = (span[0] & 0x0F) * 4;
            if (span.Length < headerLength + HeaderLength)
            {
                return false;
            }

            destination = quoted.Slice(Ipv4DestinationOffset, 4);
        }

        ReadOnlySpan<byte> request = span[headerLength..];
        if (request[0] != (ipv6 ? EchoRequestV6 : EchoRequestV4))
        {
            return false;
        }

        message = new IcmpMessage(true, type, code, ReadUInt16(request, IdentifierOffset), ReadUInt16(request, SequenceOffset),
                                  false, 0, ttl, destination);
        return true;
    }

    /// <summary>The Internet checksum (RFC 1071) over <paramref name="data"/>.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
}
