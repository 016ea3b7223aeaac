namespace DeadMan.Core.Monitoring;

/// <summary>A target's address could not be turned into something to probe; the message is for the operator.</summary>
public sealed class AddressResolutionException : Exception
{
    public AddressResolutionException()
    {
    }

    public AddressResolutionException(string message)
        : base(message)
    {
    }

    public AddressResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
