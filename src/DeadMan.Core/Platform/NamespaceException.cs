namespace DeadMan.Core.Platform;

/// <summary>A network namespace that is missing or cannot be entered: said in the row, never a crash.</summary>
public sealed class NamespaceException : Exception
{
    public NamespaceException()
    {
    }

    public NamespaceException(string message)
        : base(message)
    {
    }

    public NamespaceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
