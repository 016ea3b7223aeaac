namespace DeadMan.Core.Snmp;

/// <summary>An OID and its value.</summary>
public sealed record VarBind(Oid Oid, SnmpValue Value);
