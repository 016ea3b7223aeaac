namespace DeadMan.Core.Snmp.Ber;

/// <summary>Malformed BER, with the offset where reading stopped. Never leaves the codec: decoders return it as an error.</summary>
public sealed class BerException : Exception
{
    public BerException()
    {
    }

    public BerException(string message)
        : base(message)
    {
    }

    public BerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BerException(string message, int offset)
        : base($"{message} at byte {offset}") => Offset = offset;

    public int Offset { get; }
}
