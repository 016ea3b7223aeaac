namespace DeadMan.Core.Probing.Icmp;

/// <summary>Neither a ping socket nor a raw socket could be opened for a family.</summary>
public sealed class IcmpUnavailableException : Exception
{
    public IcmpUnavailableException()
    {
    }

    public IcmpUnavailableException(string message)
        : base(message)
    {
    }

    public IcmpUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
