namespace DeadMan.Core.Config;

/// <summary>A credential from the file; it prints as a mask so it cannot leak into output by accident.</summary>
public sealed class Secret(string value) : IEquatable<Secret>
{
    public const string Mask = "********";

    /// <summary>The real value, for the code that authenticates and nothing else.</summary>
    public string Reveal() => value;

    public override string ToString() => Mask;

    /// <summary>A short one-way digest, so identities can tell two secrets apart without holding them.</summary>
    public string Fingerprint() =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..16];

    public bool Equals(Secret? other) => other is not null && string.Equals(value, other.Reveal(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);
}
