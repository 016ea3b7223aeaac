using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeadMan.Core.Probing.Dns;

/// <summary>
/// One question in DNS's wire format (RFC 1035 4.1): a header asking for recursion, the name as labels, the type,
/// class IN. No EDNS: an answer over 512 bytes comes truncated and is asked again over TCP, as RFC 7766 has it.
/// The message is made once per probe; each question only writes its own ID into a copy.
/// </summary>
internal sealed class DnsQuery
{
    private readonly byte[] _message;

    public DnsQuery(string name, DnsRecordType type)
    {
        Name = name;
        Type = type;
        var message = new List<byte>(12 + name.Length + 6) { 0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (string label in name.TrimEnd('.').Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, (byte)((ushort)type >> 8), (byte)type, 0, 1]);
        _message = [.. message];
    }

    /// <summary>The name asked for, as the answer's question section must repeat it.</summary>
    public string Name { get; }

    public DnsRecordType Type { get; }

    /// <summary>"80.2.0.192.in-addr.arpa" for 192.0.2.80, nibbles under ip6.arpa for IPv6: what dns-type=PTR asks.</summary>
    public static string ReverseName(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return string.Join('.', bytes.Reverse().Select(b => b.ToString(CultureInfo.InvariantCulture))) + ".in-addr.arpa";
        }

        var name = new StringBuilder(72);
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            name.Append(CultureInfo.InvariantCulture, $"{bytes[i] & 0xF:x}.{bytes[i] >> 4:x}.");
        }

        return name.Append("ip6.arpa").ToString();
    }

    /// <summary>The message with this ID.</summary>
    public byte[] With(ushort id)
    {
        byte[] copy = (byte[])_message.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy, id);
        return copy;
    }
}

/// <summary>The record types dns-type= asks for, by their numbers in DNS messages.</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
}
