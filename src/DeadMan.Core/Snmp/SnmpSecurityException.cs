namespace DeadMan.Core.Snmp;

/// <summary>
/// An SNMPv3 agent refused a request with a USM report (RFC 3414 §3.2), or the USM exchange failed in a way that
/// names its likely cause. <see cref="State"/> is the row state it becomes: unknown-user, wrong-digest,
/// decryption-error, unsupported-security-level, not-in-time-window, unknown-engine.
/// </summary>
public sealed class SnmpSecurityException : Exception
{
    public SnmpSecurityException()
    {
        State = "security-error";
    }

    public SnmpSecurityException(string message)
        : base(message)
    {
        State = "security-error";
    }

    public SnmpSecurityException(string message, Exception innerException)
        : base(message, innerException)
    {
        State = "security-error";
    }

    public SnmpSecurityException(string state, string message)
        : base(message)
    {
        State = state;
    }

    public string State { get; }
}
