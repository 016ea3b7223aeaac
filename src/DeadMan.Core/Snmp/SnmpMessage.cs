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
        PduCodec.Write(writer, Pdu);
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
            message = new SnmpMessage(version, community, PduCodec.Read(ref body));
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
}
