namespace DeadMan.Core.Config;

/// <summary><c>relay=HOST</c> without <c>via</c>: ping from a remote host over ssh.</summary>
/// <param name="KeyPath">Path of the private key; masked in output, since it says where a credential lives.</param>
public sealed record SshRelayProbeSpec(string Relay, string? User, string? KeyPath, string? Os, string? Source) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.SshRelay;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("relay", Relay), ("user", User), ("key", KeyPath is null ? null : Secret.Mask), ("os", Os), ("source", Source));

    protected override IEnumerable<string?> IdentityParts() => [Relay, User, KeyPath, Os, Source];
}
