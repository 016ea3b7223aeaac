using System.Net;

namespace DeadMan.Core.Config;

/// <summary>The address column: an IP literal (possibly scoped, <c>fe80::1%eth0</c>) or a host name to resolve.</summary>
/// <param name="Text">Exactly as written.</param>
/// <param name="Literal">The parsed address without its scope, or null for a host name.</param>
/// <param name="Scope">The zone after <c>%</c>: an interface name or number, resolved only when probing.</param>
public sealed record TargetAddress(string Text, IPAddress? Literal, string? Scope)
{
    public bool IsHostName => Literal is null;

    public override string ToString() => Text;
}
