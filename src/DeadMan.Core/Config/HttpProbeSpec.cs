namespace DeadMan.Core.Config;

/// <summary>
/// <c>url=http(s)://NAME[:PORT]/PATH</c>: the page is fetched from the row's address each round (the URL's name goes
/// only into the Host header and TLS's SNI), and judged by its status (<see cref="Status"/>), its body
/// (<see cref="Expect"/>) and, over TLS, its certificate.
/// </summary>
/// <param name="Follow">Redirects are followed (<c>http-follow=on</c>); otherwise a 3xx is the answer, judged by its status.</param>
/// <param name="Reuse">One connection is kept and reused (<c>http-reuse=on</c>): RTT measures the request alone, not the handshakes.</param>
/// <param name="Verify">The certificate is checked (trusted, in date, for the name); <c>tls-verify=off</c> only reads it.</param>
/// <param name="TrustFile">PEM certificates trusted instead of the system's (<c>tls-ca=FILE</c>: an event's own CA), as written.</param>
/// <param name="Version">The HTTP version asked for (<c>http-version=</c>); null offers HTTP/2 over TLS and takes what the server picks.</param>
/// <param name="Source">The address or interface connections leave from (<c>source=</c>).</param>
public sealed record HttpProbeSpec(Uri Url, HttpStatusRange Status, string? Expect, bool Follow, bool Reuse, bool Verify, string? TrustFile, string? Version, string? Source) : ProbeSpec
{
    /// <summary>How much of a body is read, and searched for <see cref="Expect"/>: a health page fits, a video does not stall the probe.</summary>
    public const int BodyLimit = 64 * 1024;

    public override ProbeKind Kind => ProbeKind.Http;

    public bool Tls => Url.Scheme == Uri.UriSchemeHttps;

    /// <summary><see cref="TrustFile"/> found from the host list's directory.</summary>
    public string? TrustPath { get; init; }

    public override IEnumerable<KeyValuePair<string, string>> DisplayOptions() =>
        Present(("url", Url.OriginalString), ("http-status", Status == HttpStatusRange.Default ? null : Status.Text), ("http-expect", Expect),
                ("http-follow", Follow ? "on" : null), ("http-reuse", Reuse ? "on" : null), ("http-version", Version),
                ("tls-verify", Verify ? null : "off"), ("tls-ca", TrustFile), ("source", Source));
}
