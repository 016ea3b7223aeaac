namespace DeadMan.Core.Settings;

/// <summary>One traffic= interface: the host line's name and the interface as the line names it.</summary>
public sealed record InterfaceName(string Host, string Interface)
{
    public override string ToString() => $"{Host}:{Interface}";
}
