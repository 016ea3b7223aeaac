namespace DeadMan.Core.Config;

/// <summary>A problem in a config file, located to the character.</summary>
public sealed record ConfigDiagnostic(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
