using System.Formats.Asn1;
using DeadMan.Core.Snmp;

namespace DeadMan.Benchmarks;

/// <summary>
/// An SNMP message decoded with the framework's own BER reader (System.Formats.Asn1) into the same types deadman's codec
/// makes, so the two can be measured side by side on the same answers. Written the way that API is meant to be used:
/// an <see cref="AsnReader"/> per constructed value, tags as <see cref="Asn1Tag"/>, each SNMP application type read
/// with its tag. Malformed input throws (<see cref="AsnContentException"/>), where deadman's codec returns an error.
/// </summary>
internal static class Asn1SnmpDecoder
{
    private static readonly Asn1Tag[] s_unsigned =
    [
        new(TagClass.Application, 1), new(TagClass.Application, 2), new(TagClass.Application, 3), new(TagClass.Application, 6),
    ];

    public static SnmpMessage Decode(ReadOnlyMemory<byte> data)
    {
        var outer = new AsnReader(data, AsnEncodingRules.BER);
        AsnReader message = outer.ReadSequence();
        int version = message.TryReadInt32(out int v) ? v : throw new AsnContentException("version");
        byte[] community = message.ReadOctetString();
        Asn1Tag pduTag = message.PeekTag();
        AsnReader pdu = message.ReadSequence(pduTag);
        pdu.TryReadInt32(out int requestId);
        pdu.TryReadInt32(out int errorStatus);
        pdu.TryReadInt32(out int errorIndex);
        AsnReader list = pdu.ReadSequence();
        var binds = new List<VarBind>();
        while (list.HasData)
        {
            AsnReader bind = list.ReadSequence();
            var oid = new Oid(Arcs(bind.ReadObjectIdentifier()));
            binds.Add(new VarBind(oid, Value(bind)));
        }

        return new SnmpMessage(version, community, new SnmpPdu((byte)(0xA0 | pduTag.TagValue), requestId, errorStatus, errorIndex, binds));
    }

    private static SnmpValue Value(AsnReader bind)
    {
        Asn1Tag tag = bind.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.Integer:
                    return SnmpValue.OfInteger((long)bind.ReadInteger());
                case UniversalTagNumber.OctetString:
                    return SnmpValue.OfOctets(bind.ReadOctetString());
                case UniversalTagNumber.ObjectIdentifier:
                    return SnmpValue.OfOid(new Oid(Arcs(bind.ReadObjectIdentifier())));
                case UniversalTagNumber.Null:
                    bind.ReadNull();
                    return SnmpValue.Null;
            }
        }

        if (tag.TagClass == TagClass.Application && s_unsigned.Contains(tag))
        {
            // Counter32, Gauge32, TimeTicks, Counter64: unsigned INTEGERs under application tags.
            return SnmpValue.OfUnsigned((byte)(0x40 | tag.TagValue), (ulong)bind.ReadInteger(tag));
        }

        if (tag.TagClass == TagClass.Application)
        {
            return SnmpValue.OfOctets(bind.ReadOctetString(tag), (byte)(0x40 | tag.TagValue));
        }

        // noSuchObject, noSuchInstance, endOfMibView: context-specific NULLs.
        bind.ReadNull(tag);
        return new SnmpValue((byte)(0x80 | tag.TagValue), 0, 0, default, null);
    }

    // The reader gives dotted text: "1.3.6.1.2.1.2.2.1.10.3" parsed back into arcs.
    private static uint[] Arcs(string dotted) => [.. dotted.Split('.').Select(uint.Parse)];

    /// <summary>True when both decoders read the same message: the comparison is fair only then.</summary>
    public static bool SameAs(SnmpMessage ours, SnmpMessage theirs) =>
        ours.Version == theirs.Version && ours.Community.AsSpan().SequenceEqual(theirs.Community)
        && ours.Pdu.Type == theirs.Pdu.Type && ours.Pdu.RequestId == theirs.Pdu.RequestId
        && ours.Pdu.VarBinds.Count == theirs.Pdu.VarBinds.Count
        && ours.Pdu.VarBinds.Zip(theirs.Pdu.VarBinds).All(p => p.First.Oid.Equals(p.Second.Oid) && p.First.Value.ToString() == p.Second.Value.ToString()
                                                               && p.First.Value.Tag == p.Second.Value.Tag);
}
