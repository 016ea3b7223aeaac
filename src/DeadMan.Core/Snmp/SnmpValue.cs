using System.Net;
using System.Text;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Snmp;

/// <summary>A variable-binding value: its BER tag and what it holds (a number, bytes or an OID).</summary>
/// <param name="Number">INTEGER's value.</param>
/// <param name="Counter">Counter32, Gauge32, TimeTicks or Counter64's value.</param>
/// <param name="ObjectId">An OBJECT IDENTIFIER value.</param>
public readonly record struct SnmpValue(byte Tag, long Number, ulong Counter, ReadOnlyMemory<byte> Bytes, Oid? ObjectId)
{
    public static SnmpValue Null => new(BerTag.Null, 0, 0, default, null);

    /// <summary>noSuchObject, noSuchInstance or endOfMibView: the agent has nothing there.</summary>
    public bool IsException => Tag is BerTag.NoSuchObject or BerTag.NoSuchInstance or BerTag.EndOfMibView;

    public string Text => Encoding.UTF8.GetString(Bytes.Span);

    public static SnmpValue OfInteger(long value) => new(BerTag.Integer, value, 0, default, null);

    public static SnmpValue OfUnsigned(byte tag, ulong value) => new(tag, 0, value, default, null);

    public static SnmpValue OfOctets(byte[] value, byte tag = BerTag.OctetString) => new(tag, 0, 0, value, null);

    public static SnmpValue OfOid(Oid value) => new(BerTag.ObjectIdentifier, 0, 0, default, value);

    public override string ToString() => Tag switch
    {
        BerTag.Integer => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BerTag.OctetString or BerTag.Opaque => Text,
        BerTag.ObjectIdentifier => ObjectId!.ToString(),
        BerTag.IpAddress when Bytes.Length == 4 => new IPAddress(Bytes.Span).ToString(),
        BerTag.Null => "null",
        BerTag.NoSuchObject => "noSuchObject",
        BerTag.NoSuchInstance => "noSuchInstance",
        BerTag.EndOfMibView => "endOfMibView",
        _ => Counter.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
