namespace DeadMan.Core.Config;

/// <summary><c>relay=HOST</c> without <c>via</c>: ping from a remote host over ssh.</summary>
/// <param name="KeyPath">Path of the private key; masked in output, since it says where a credential lives.</param>
public sealed record SshRelayProbeSpec(string Relay, string? User, string? KeyPath, string? Os) : ProbeSpec
{
    /// <summary>Why <paramref name="os"/> cannot be relayed, or null. Linux is iputils ping; the BSDs and macOS share a ping.</summary>
    public static string? UnsupportedOs(string? os) => os?.ToUpperInvariant() switch
    {
        null or "LINUX" or "BSD" or "FREEBSD" or "OPENBSD" or "NETBSD" or "MACOS" or "DARWIN" => null,
        _ => $"os={os}: unsupported (Linux, or a BSD or macOS)",
    };

    public override ProbeKind Kind => ProbeKind.SshRelay;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("relay", Relay), ("user", User), ("key", KeyPath is null ? null : Secret.Mask), ("os", Os));

    protected override IEnumerable<string?> IdentityParts() => [Relay, User, KeyPath, Os];
}
