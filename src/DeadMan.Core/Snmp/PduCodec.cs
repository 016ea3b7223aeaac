using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Snmp;

/// <summary>A PDU and its varbinds in BER (RFC 3416), the same inside a v2c message and a v3 scoped PDU.</summary>
internal static class PduCodec
{
    public static void Write(BerWriter writer, SnmpPdu pdu)
    {
        int body = writer.BeginConstructed(pdu.Type);
        writer.WriteInteger(pdu.RequestId);
        writer.WriteInteger(pdu.ErrorStatus);
        writer.WriteInteger(pdu.ErrorIndex);
        int list = writer.BeginConstructed();
        foreach (VarBind bind in pdu.VarBinds)
        {
            int varBind = writer.BeginConstructed();
            writer.WriteOid(bind.Oid.Arcs);
            WriteValue(writer, bind.Value);
            writer.EndConstructed(varBind);
        }

        writer.EndConstructed(list);
        writer.EndConstructed(body);
    }

    /// <summary>Reads a PDU; malformed input throws <see cref="BerException"/> or <see cref="OverflowException"/>.</summary>
    public static SnmpPdu Read(ref BerReader reader)
    {
        byte pduType = reader.PeekTag();
        if (pduType is < BerTag.GetRequest or > BerTag.Report)
        {
            throw new BerException($"not a PDU: tag 0x{pduType:X2}", reader.Offset);
        }

        BerReader pdu = reader.EnterSequence(pduType);
        int requestId = checked((int)pdu.ReadInteger());
        int errorStatus = checked((int)pdu.ReadInteger());
        int errorIndex = checked((int)pdu.ReadInteger());
        BerReader list = pdu.EnterSequence();
        var binds = new List<VarBind>();
        while (list.HasMore)
        {
            BerReader vb = list.EnterSequence();
            var oid = new Oid(BerReader.DecodeOid(vb.Expect(BerTag.ObjectIdentifier, out int oidOffset), oidOffset));
            binds.Add(new VarBind(oid, ReadValue(ref vb)));
        }

        return new SnmpPdu(pduType, requestId, errorStatus, errorIndex, binds);
    }

    private static SnmpValue ReadValue(ref BerReader reader)
    {
        ReadOnlySpan<byte> content = reader.ReadTlv(out byte tag, out int offset);
        return tag switch
        {
            BerTag.Integer => SnmpValue.OfInteger(BerReader.DecodeSigned(content, offset)),
            BerTag.OctetString or BerTag.Opaque => SnmpValue.OfOctets(content.ToArray(), tag),
            BerTag.IpAddress when content.Length == 4 => SnmpValue.OfOctets(content.ToArray(), tag),
            BerTag.ObjectIdentifier => SnmpValue.OfOid(new Oid(BerReader.DecodeOid(content, offset))),
            BerTag.Counter32 or BerTag.Gauge32 or BerTag.TimeTicks => SnmpValue.OfUnsigned(tag, BerReader.DecodeUnsigned(content, offset, 32)),
            BerTag.Counter64 => SnmpValue.OfUnsigned(tag, BerReader.DecodeUnsigned(content, offset, 64)),
            BerTag.Null or BerTag.NoSuchObject or BerTag.NoSuchInstance or BerTag.EndOfMibView when content.IsEmpty =>
                new SnmpValue(tag, 0, 0, default, null),
            _ => throw new BerException($"unexpected value tag 0x{tag:X2} ({content.Length} bytes)", offset),
        };
    }

    private static void WriteValue(BerWriter writer, SnmpValue value)
    {
        switch (value.Tag)
        {
            case BerTag.Integer:
                writer.WriteInteger(value.Number);
                break;
            case BerTag.OctetString or BerTag.Opaque or BerTag.IpAddress:
                writer.WriteOctets(value.Bytes.Span, value.Tag);
                break;
            case BerTag.ObjectIdentifier:
                writer.WriteOid(value.ObjectId!.Arcs);
                break;
            case BerTag.Counter32 or BerTag.Gauge32 or BerTag.TimeTicks or BerTag.Counter64:
                writer.WriteUnsigned(value.Tag, value.Counter);
                break;
            default:
                writer.WriteNull(value.Tag);
                break;
        }
    }
}
