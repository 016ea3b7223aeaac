using DeadMan.Core.Config;

namespace DeadMan.Core.Snmp.Usm;

/// <summary>
/// An SNMPv3 user as the settings name it: its protocols and passwords. The password keys (Ku, a megabyte of
/// hashing each) are made once, on first use, and never leave this object; <see cref="ToString"/> shows no secret.
/// </summary>
public sealed class UsmUser
{
    private readonly Lazy<byte[]> _authKu;
    private readonly Lazy<byte[]> _privKu;

    public UsmUser(string name, AuthProtocol auth, Secret? authPassword, PrivProtocol priv, Secret? privPassword)
    {
        Name = name;
        Auth = authPassword is null ? AuthProtocol.None : auth;
        Priv = Auth == AuthProtocol.None || privPassword is null ? PrivProtocol.None : priv;
        _authKu = new(() => UsmKeyDerivation.PasswordToKey(Auth, System.Text.Encoding.UTF8.GetBytes(authPassword!.Reveal())));
        _privKu = new(() => UsmKeyDerivation.PasswordToKey(Auth, System.Text.Encoding.UTF8.GetBytes(privPassword!.Reveal())));
    }

    public string Name { get; }

    public AuthProtocol Auth { get; }

    public PrivProtocol Priv { get; }

    /// <summary>noAuthNoPriv, authNoPriv or authPriv, as RFC 3414 and net-snmp say it.</summary>
    public string Level => Auth == AuthProtocol.None ? "noAuthNoPriv" : Priv == PrivProtocol.None ? "authNoPriv" : "authPriv";

    /// <summary>This user's keys localised to one engine (RFC 3414 §2.6): the privacy key from the privacy password, with the authentication hash.</summary>
    public UsmKeys KeysFor(ReadOnlySpan<byte> engineId) =>
        Auth == AuthProtocol.None ? UsmKeys.None
        : new UsmKeys(Auth, UsmKeyDerivation.Localize(Auth, _authKu.Value, engineId), Priv,
                      Priv == PrivProtocol.None ? [] : UsmKeyDerivation.Localize(Auth, _privKu.Value, engineId));

    public override string ToString() => $"{Name} ({Level}{(Auth == AuthProtocol.None ? "" : $", {Auth}")}{(Priv == PrivProtocol.None ? "" : $", {Priv}")})";
}
