using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Snmp;

/// <summary>
/// An SNMPv1/v2c message: <c>SEQUENCE { version INTEGER, community OCTET STRING, PDU }</c>. Decoding never throws:
/// anything malformed comes back as an error with its offset.
/// </summary>
public sealed record SnmpMessage(int Version, byte[] Community, SnmpPdu Pdu)
{
    public const int Version2c = 1;

    public byte[] Encode()
    {
        // About 20 bytes a varbind: sized once, a GET for 200 counters is written without growing.
        var writer = new BerWriter(64 + Community.Length + (Pdu.VarBinds.Count * 24));
        int message = writer.BeginConstructed();
        writer.WriteInteger(Version);
        writer.WriteOctets(Community);
        int pdu = writer.BeginConstructed(Pdu.Type);
        writer.WriteInteger(Pdu.RequestId);
        writer.WriteInteger(Pdu.ErrorStatus);
        writer.WriteInteger(Pdu.ErrorIndex);
        int list = writer.BeginConstructed();
        foreach (VarBind bind in Pdu.VarBinds)
        {
            int varBind = writer.BeginConstructed();
            writer.WriteOid(bind.Oid.Arcs);
            WriteValue(writer, bind.Value);
            writer.EndConstructed(varBind);
        }

        writer.EndConstructed(list);
        writer.EndConstructed(pdu);
        writer.EndConstructed(message);
        return writer.Written.ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> data, out SnmpMessage? message, out string? error)
    {
        message = null;
        error = null;
        try
        {
            var outer = new BerReader(data);
            BerReader body = outer.EnterSequence();
            int version = (int)body.ReadInteger();
            byte[] community = body.Expect(BerTag.OctetString, out _).ToArray();
            byte pduType = body.PeekTag();
            if (pduType is < BerTag.GetRequest or > BerTag.Report)
            {
                throw new BerException($"not a PDU: tag 0x{pduType:X2}", body.Offset);
            }

            BerReader pdu = body.EnterSequence(pduType);
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

            message = new SnmpMessage(version, community, new SnmpPdu(pduType, requestId, errorStatus, errorIndex, binds));
            return true;
        }
        catch (BerException e)
        {
            error = e.Message;
            return false;
        }
        catch (OverflowException)
        {
            error = "a PDU field does not fit 32 bits";
            return false;
        }
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
