using System.Buffers.Binary;

namespace DeadMan.Core.Snmp.Ber;

/// <summary>
/// Writes definite-length BER (DER-minimal integers and lengths) into one growing buffer. A constructed value is
/// opened with <see cref="BeginConstructed"/> and closed with <see cref="EndConstructed"/>, which patches its length in
/// place, so nesting costs no buffers of its own: a message with hundreds of varbinds is written with no allocation
/// beyond the buffer.
/// </summary>
public sealed class BerWriter(int capacity = 256)
{
    // A 32-bit arc takes at most 5 bytes of 7 bits.
    private const int MaxArcBytes = 5;
    private byte[] _buffer = new byte[Math.Max(16, capacity)];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void WriteInteger(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        int start = 0;
        // Minimal two's complement: drop a leading 00 or FF while the next byte keeps the same sign.
        while (start < 7 && ((bytes[start] == 0 && (bytes[start + 1] & 0x80) == 0) || (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        WriteTlv(BerTag.Integer, bytes[start..]);
    }

    public void WriteUnsigned(byte tag, ulong value)
    {
        Span<byte> content = stackalloc byte[9];
        int start = 8;
        content[8] = (byte)value;
        for (ulong rest = value >> 8; rest != 0; rest >>= 8)
        {
            content[--start] = (byte)rest;
        }

        // A leading zero keeps the top bit from reading as a sign: 2^32-1 is 00 FF FF FF FF.
        if ((content[start] & 0x80) != 0)
        {
            content[--start] = 0;
        }

        WriteTlv(tag, content[start..]);
    }

    public void WriteOctets(ReadOnlySpan<byte> value, byte tag = BerTag.OctetString) => WriteTlv(tag, value);

    public void WriteNull(byte tag = BerTag.Null) => WriteTlv(tag, []);

    public void WriteOid(ReadOnlySpan<uint> arcs)
    {
        if (arcs.Length < 2 || arcs.Length > 128 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        {
            throw new ArgumentException("an object identifier starts with 0, 1 or 2 and has 2 to 128 arcs", nameof(arcs));
        }

        Span<byte> content = stackalloc byte[MaxArcBytes * arcs.Length];
        int length = AppendArc(content, (arcs[0] * 40) + arcs[1]);
        foreach (uint arc in arcs[2..])
        {
            length += AppendArc(content[length..], arc);
        }

        WriteTlv(BerTag.ObjectIdentifier, content[..length]);
    }

    /// <summary>Opens a constructed value; returns the mark to close it with.</summary>
    public int BeginConstructed(byte tag = BerTag.Sequence)
    {
        Reserve(2);
        _buffer[_length] = tag;
        _buffer[_length + 1] = 0;
        _length += 2;
        return _length;
    }

    /// <summary>Closes the constructed value opened at <paramref name="mark"/>: writes its length, moving its contents when the length takes more than one byte.</summary>
    public void EndConstructed(int mark)
    {
        int contentLength = _length - mark;
        Span<byte> length = stackalloc byte[5];
        int lengthBytes = WriteLength(length, contentLength);
        if (lengthBytes > 1)
        {
            Reserve(lengthBytes - 1);
            _buffer.AsSpan(mark, contentLength).CopyTo(_buffer.AsSpan(mark + lengthBytes - 1));
            _length += lengthBytes - 1;
        }

        length[..lengthBytes].CopyTo(_buffer.AsSpan(mark - 1));
    }

    /// <summary>Appends values already encoded (a scoped PDU made apart, to be sent in the clear).</summary>
    public void WriteEncoded(ReadOnlySpan<byte> encoded)
    {
        Reserve(encoded.Length);
        encoded.CopyTo(_buffer.AsSpan(_length));
        _length += encoded.Length;
    }

    public void WriteTlv(byte tag, ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[6];
        header[0] = tag;
        int headerLength = 1 + WriteLength(header[1..], content.Length);
        Reserve(headerLength + content.Length);
        header[..headerLength].CopyTo(_buffer.AsSpan(_length));
        content.CopyTo(_buffer.AsSpan(_length + headerLength));
        _length += headerLength + content.Length;
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    private static int WriteLength(Span<byte> span, int length)
    {
        if (length < 0x80)
        {
            span[0] = (byte)length;
            return 1;
        }

        int octets = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFFFFFF ? 3 : 4;
        span[0] = (byte)(0x80 | octets);
        for (int i = 0; i < octets; i++)
        {
            span[octets - i] = (byte)(length >> (8 * i));
        }

        return 1 + octets;
    }

    private static int AppendArc(Span<byte> content, uint arc)
    {
        int count = 1;
        for (uint rest = arc >> 7; rest != 0; rest >>= 7)
        {
            count++;
        }

        // Base 128, most significant group first; every group but the last has its top bit set.
        for (int i = count - 1; i >= 0; i--)
        {
            content[i] = (byte)((arc & 0x7Fu) | (i == count - 1 ? 0u : 0x80u));
            arc >>= 7;
        }

        return count;
    }
}
