namespace DeadMan.Core.Snmp.Ber;

/// <summary>
/// Reads BER from a span with every length checked against what is left, so truncated, oversized or garbled input
/// ends in a <see cref="BerException"/> (with the offset), never in an out-of-range read or a huge allocation.
/// </summary>
public ref struct BerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _base;
    private int _position;

    public BerReader(ReadOnlySpan<byte> data, int baseOffset = 0)
    {
        _data = data;
        _base = baseOffset;
        _position = 0;
    }

    public readonly bool HasMore => _position < _data.Length;

    public readonly int Offset => _base + _position;

    public readonly byte PeekTag() => HasMore ? _data[_position] : throw Error("expected a tag, found the end");

    /// <summary>Reads tag and length and returns the contents; the reader moves past them.</summary>
    public ReadOnlySpan<byte> ReadTlv(out byte tag, out int contentOffset)
    {
        tag = PeekTag();
        _position++;
        int length = ReadLength();
        contentOffset = Offset;
        ReadOnlySpan<byte> content = _data.Slice(_position, length);
        _position += length;
        return content;
    }

    public ReadOnlySpan<byte> Expect(byte tag, out int contentOffset)
    {
        ReadOnlySpan<byte> content = ReadTlv(out byte found, out contentOffset);
        return found == tag ? content : throw new BerException($"expected tag 0x{tag:X2}, found 0x{found:X2}", contentOffset);
    }

    public BerReader EnterSequence(byte tag = BerTag.Sequence)
    {
        ReadOnlySpan<byte> content = Expect(tag, out int offset);
        return new BerReader(content, offset);
    }

    public long ReadInteger()
    {
        ReadOnlySpan<byte> content = Expect(BerTag.Integer, out int offset);
        return DecodeSigned(content, offset);
    }

    private int ReadLength()
    {
        if (!HasMore)
        {
            throw Error("expected a length, found the end");
        }

        byte first = _data[_position++];
        if (first < 0x80)
        {
            return CheckFits(first);
        }

        int octets = first & 0x7F;
        if (octets == 0)
        {
            throw Error("indefinite length is not allowed");
        }

        if (octets > 4 || _position + octets > _data.Length)
        {
            throw Error($"length of {octets} octets does not fit");
        }

        long length = 0;
        for (int i = 0; i < octets; i++)
        {
            length = (length << 8) | _data[_position++];
        }

        return CheckFits(length);
    }

    private readonly int CheckFits(long length) =>
        length <= _data.Length - _position ? (int)length : throw Error($"length {length} exceeds the {_data.Length - _position} bytes left");

    private readonly BerException Error(string message) => new(message, Offset);

    /// <summary>Two's complement, 1 to 8 octets.</summary>
    public static long DecodeSigned(ReadOnlySpan<byte> content, int offset)
    {
        if (content.IsEmpty || content.Length > 8)
        {
            throw new BerException($"integer of {content.Length} octets", offset);
        }

        long value = (sbyte)content[0];
        for (int i = 1; i < content.Length; i++)
        {
            value = (value << 8) | content[i];
        }

        return value;
    }

    /// <summary>Unsigned (Counter32, Gauge32, TimeTicks, Counter64), lenient: a missing or extra leading zero is fine.</summary>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> content, int offset, int maxBits)
    {
        while (content.Length > 1 && content[0] == 0)
        {
            content = content[1..];
        }

        if (content.IsEmpty || content.Length > maxBits / 8)
        {
            throw new BerException($"unsigned value of {content.Length} octets for {maxBits} bits", offset);
        }

        ulong value = 0;
        foreach (byte b in content)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Sub-identifiers in base 128; each at most 32 bits (RFC 2578).</summary>
    public static uint[] DecodeOid(ReadOnlySpan<byte> content, int offset)
    {
        if (content.IsEmpty || content.Length > 1024 || (content[^1] & 0x80) != 0)
        {
            throw new BerException("malformed object identifier", offset);
        }

        var arcs = new List<uint>(content.Length + 1);
        ulong current = 0;
        bool first = true;
        foreach (byte b in content)
        {
            current = (current << 7) | (uint)(b & 0x7F);
            if (current > uint.MaxValue)
            {
                throw new BerException("object identifier arc over 32 bits", offset);
            }

            if ((b & 0x80) != 0)
            {
                continue;
            }

            if (first)
            {
                uint x = current < 80 ? (uint)current / 40 : 2;
                arcs.Add(x);
                arcs.Add((uint)current - (x * 40));
                first = false;
            }
            else
            {
                arcs.Add((uint)current);
            }

            current = 0;
        }

        return [.. arcs];
    }
}
