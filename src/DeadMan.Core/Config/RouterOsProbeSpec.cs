namespace DeadMan.Core.Config;

/// <summary><c>via=routeros_api</c>: ping through a RouterOS device's REST API.</summary>
public sealed record RouterOsProbeSpec(string Relay, string Username, Secret Password, string Method, bool Verify) : ProbeSpec
{
    public override ProbeKind Kind => ProbeKind.RouterOsApi;

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("relay", Relay), ("username", Username), ("password", Password), ("method", Method),
                ("verify", Verify ? "true" : "false"));

    protected override IEnumerable<string?> IdentityParts() => [Relay, Username, Password.Fingerprint(), Method, Verify.ToString()];
}
