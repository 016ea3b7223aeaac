namespace DeadMan.Core.Snmp;

/// <summary>
/// A PDU (RFC 3416). For GetBulk the two middle fields are non-repeaters and max-repetitions instead of
/// error-status and error-index.
/// </summary>
public sealed record SnmpPdu(byte Type, int RequestId, int ErrorStatus, int ErrorIndex, IReadOnlyList<VarBind> VarBinds)
{
    public const int TooBig = 1;
    public const int NoSuchName = 2;
}
