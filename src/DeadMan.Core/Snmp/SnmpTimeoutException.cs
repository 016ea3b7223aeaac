namespace DeadMan.Core.Snmp;

/// <summary>The agent did not answer, after every retry: down, unreachable, or a wrong community (v2c agents stay silent).</summary>
public sealed class SnmpTimeoutException : Exception
{
    public SnmpTimeoutException()
    {
    }

    public SnmpTimeoutException(string message)
        : base(message)
    {
    }

    public SnmpTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
