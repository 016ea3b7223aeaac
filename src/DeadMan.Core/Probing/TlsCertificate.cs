namespace DeadMan.Core.Probing;

/// <summary>
/// The certificate an https host presented: whose it is, who signed it, when it is valid, and what is wrong with it
/// (<paramref name="Problem"/>: "expired", "untrusted: …", "for other.example.org"), null when it passed the check
/// or was not checked (tls-verify=off, <paramref name="Checked"/> false).
/// </summary>
public sealed record TlsCertificate(string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool Checked, string? Problem)
{
    public TimeSpan Left(DateTimeOffset now) => NotAfter - now;
}
