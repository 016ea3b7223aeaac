using System.Buffers;

namespace DeadMan.Core.Snmp.Ber;

/// <summary>Writes definite-length BER (DER-minimal integers and lengths), nesting sequences by writing them inside out.</summary>
public sealed class BerWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void WriteInteger(long value) => WriteTlv(BerTag.Integer, SignedContent(value));

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

    public void WriteOid(IReadOnlyList<uint> arcs)
    {
        if (arcs.Count < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        {
            throw new ArgumentException("an object identifier starts with 0, 1 or 2 and has at least two arcs", nameof(arcs));
        }

        var content = new List<byte>(arcs.Count + 4);
        AppendArc(content, (arcs[0] * 40) + arcs[1]);
        for (int i = 2; i < arcs.Count; i++)
        {
            AppendArc(content, arcs[i]);
        }

        WriteTlv(BerTag.ObjectIdentifier, [.. content]);
    }

    /// <summary>Writes a constructed value whose contents <paramref name="contents"/> writes.</summary>
    public void WriteSequence(Action<BerWriter> contents, byte tag = BerTag.Sequence)
    {
        var inner = new BerWriter();
        contents(inner);
        WriteTlv(tag, inner.Written);
    }

    public void WriteTlv(byte tag, ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[6];
        header[0] = tag;
        int headerLength = 1 + WriteLength(header[1..], content.Length);
        _buffer.Write(header[..headerLength]);
        _buffer.Write(content);
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

    private static byte[] SignedContent(long value)
    {
        byte[] bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        int start = 0;
        // Minimal two's complement: drop a leading 00 or FF while the next byte keeps the same sign.
        while (start < 7 && ((bytes[start] == 0 && (bytes[start + 1] & 0x80) == 0) || (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        return bytes[start..];
    }

    private static void AppendArc(List<byte> content, uint arc)
    {
        Span<byte> groups = stackalloc byte[5];
        int count = 0;
        do
        {
            groups[count++] = (byte)(arc & 0x7F);
            arc >>= 7;
        }
        while (arc != 0);

        for (int i = count - 1; i >= 0; i--)
        {
            content.Add((byte)(groups[i] | (i > 0 ? 0x80 : 0)));
        }
    }
}
