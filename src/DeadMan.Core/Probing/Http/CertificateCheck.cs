using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DeadMan.Core.Probing.Http;

/// <summary>
/// Reads the certificate a server presented and says, in an operator's words, what is wrong with it: expired, not
/// yet valid, for another name, or untrusted (self-signed, an issuer nobody here trusts). The dates are judged by
/// the probe's clock, the rest by the chain the TLS stack built.
/// </summary>
internal static class CertificateCheck
{
    public static TlsCertificate Read(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors, string host, bool verify, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        string subject = Name(certificate, issuer: false);
        string? problem = now > notAfter ? $"certificate expired {Date(notAfter)}"
            : now < notBefore ? $"certificate not valid until {Date(notBefore)}"
            : errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? $"certificate is for {string.Join(", ", Names(certificate).DefaultIfEmpty(subject))}, not {host}"
            : errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? "no certificate"
            : errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? $"untrusted certificate: {Untrusted(certificate, chain)}"
            : null;
        return new TlsCertificate(subject, Name(certificate, issuer: true), notBefore, notAfter, verify, verify ? problem : null);
    }

    // "self-signed", "issuer Event CA is not trusted here", or the chain's own words.
    private static string Untrusted(X509Certificate2 certificate, X509Chain? chain)
    {
        X509ChainStatusFlags flags = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
        return certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? "self-signed"
            : flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flags.HasFlag(X509ChainStatusFlags.PartialChain) ? $"issuer {Name(certificate, issuer: true)} is not trusted here"
            : chain?.ChainStatus.FirstOrDefault(s => s.Status != X509ChainStatusFlags.NoError).StatusInformation?.Trim() is { Length: > 0 } said ? said
            : "the chain does not verify";
    }

    private static IEnumerable<string> Names(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateDnsNames()).Take(3);

    private static string Name(X509Certificate2 certificate, bool issuer) =>
        certificate.GetNameInfo(X509NameType.SimpleName, issuer) is { Length: > 0 } name ? name : issuer ? certificate.Issuer : certificate.Subject;

    private static string Date(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
