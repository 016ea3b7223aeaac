using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace DeadMan.Core.Probing.Dns;

/// <summary>
/// A DNS answer read from the wire (RFC 1035 4.1): its ID, whether it came truncated, its RCODE, and the records of
/// the answer section of the type asked for, each as an operator writes it (and its address for A and AAAA). Names
/// follow compression pointers, each to before where the last one went, so no message makes it loop or read outside
/// the message; anything malformed is refused with what was wrong, never half read.
/// </summary>
internal sealed record DnsAnswer(ushort Id, bool Truncated, int Rcode, IReadOnlyList<DnsRecord> Records)
{
    private const int HeaderLength = 12;
    private const int LongestName = 255;

    /// <summary>The answer to <paramref name="query"/> in <paramref name="message"/>, or null with why it is not one.</summary>
    public static DnsAnswer? Read(ReadOnlySpan<byte> message, DnsQuery query, out string? problem)
    {
        problem = null;
        if (message.Length < HeaderLength)
        {
            problem = $"{message.Length} bytes, shorter than a DNS header";
            return null;
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(message);
        byte flags = message[2];
        int rcode = message[3] & 0x0F;
        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        if ((flags & 0x80) == 0)
        {
            problem = "a question, not an answer";
            return null;
        }

        bool truncated = (flags & 0x02) != 0;
        int at = HeaderLength;
        // The question repeated: the answer must be to what was asked (a server may leave it out with an error).
        if (questions != 1 && !(questions == 0 && rcode != 0))
        {
            problem = $"{questions} questions in the answer";
            return null;
        }

        if (questions == 1)
        {
            if (ReadName(message, ref at) is not { } name || at + 4 > message.Length)
            {
                problem = "its question is cut short";
                return null;
            }

            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
            at += 4;
            if (type != query.Type || !string.Equals(name.TrimEnd('.'), query.Name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
            {
                problem = $"an answer to another question ({name} {type})";
                return null;
            }
        }

        var records = new List<DnsRecord>();
        for (int i = 0; i < answers && !truncated; i++)
        {
            if (ReadName(message, ref at) is null || at + 10 > message.Length)
            {
                problem = $"answer record {i + 1} is cut short";
                return null;
            }

            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 8)..]);
            at += 10;
            if (at + length > message.Length)
            {
                problem = $"answer record {i + 1} runs past the message";
                return null;
            }

            if (type == query.Type)
            {
                if (Data(message, at, length, type) is not { } record)
                {
                    problem = $"answer record {i + 1} ({type}) is malformed";
                    return null;
                }

                records.Add(record);
            }

            at += length;
        }

        return new DnsAnswer(id, truncated, rcode, records);
    }

    // A record's data as an operator writes it: "192.0.2.7", "10 mx1.example.org", the TXT's strings joined.
    private static DnsRecord? Data(ReadOnlySpan<byte> message, int at, int length, DnsRecordType type)
    {
        ReadOnlySpan<byte> data = message.Slice(at, length);
        int end = at + length;
        switch (type)
        {
            case DnsRecordType.A when length == 4:
            case DnsRecordType.AAAA when length == 16:
                var address = new IPAddress(data);
                return new DnsRecord(address.ToString(), address);
            case DnsRecordType.CNAME or DnsRecordType.NS or DnsRecordType.PTR:
                return ReadName(message, ref at) is { } target && at == end ? new DnsRecord(target, null) : null;
            case DnsRecordType.MX when length >= 3:
                int preference = BinaryPrimitives.ReadUInt16BigEndian(data);
                at += 2;
                return ReadName(message, ref at) is { } exchange && at == end ? new DnsRecord($"{preference} {exchange}", null) : null;
            case DnsRecordType.TXT:
                var text = new StringBuilder(length);
                for (int i = 0; i < length;)
                {
                    int part = data[i];
                    if (i + 1 + part > length)
                    {
                        return null;
                    }

                    Printable(text, data.Slice(i + 1, part));
                    i += 1 + part;
                }

                return new DnsRecord(text.ToString(), null);
            case DnsRecordType.SOA:
                if (ReadName(message, ref at) is not { } primary || ReadName(message, ref at) is not { } mailbox || at + 20 != end)
                {
                    return null;
                }

                uint serial = BinaryPrimitives.ReadUInt32BigEndian(message[at..]);
                return new DnsRecord(string.Create(CultureInfo.InvariantCulture, $"{primary} {mailbox} {serial}"), null);
            default:
                return null;
        }
    }

    /// <summary>
    /// The name at <paramref name="at"/>, which moves past it (past the first pointer, where one is); null when the
    /// name is malformed: a label past the message, a pointer that does not go before the last, a name over 255 bytes.
    /// </summary>
    internal static string? ReadName(ReadOnlySpan<byte> message, ref int at)
    {
        var name = new StringBuilder(64);
        int position = at;
        int before = at; // each pointer must go before where the last one went: no message makes it loop
        int? after = null;
        int wire = 0;
        while (true)
        {
            if (position >= message.Length)
            {
                return null;
            }

            byte length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    return null;
                }

                int target = ((length & 0x3F) << 8) | message[position + 1];
                if (target >= before)
                {
                    return null;
                }

                after ??= position + 2;
                position = before = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return null; // 0x40 and 0x80 label types are obsolete or never assigned
            }

            if (length == 0)
            {
                at = after ?? position + 1;
                return name.Length == 0 ? "." : name.ToString();
            }

            wire += length + 1;
            if (wire > LongestName || position + 1 + length > message.Length)
            {
                return null;
            }

            if (name.Length > 0)
            {
                name.Append('.');
            }

            Printable(name, message.Slice(position + 1, length));
            position += 1 + length;
        }
    }

    // Bytes as characters an operator can read: anything outside printable ASCII becomes '?', so no answer can put a
    // control sequence on the screen.
    private static void Printable(StringBuilder into, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            into.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }
    }
}

/// <summary>One record of the type asked for: its data as text, and its address when it is an A or AAAA record.</summary>
internal sealed record DnsRecord(string Text, IPAddress? Address);
