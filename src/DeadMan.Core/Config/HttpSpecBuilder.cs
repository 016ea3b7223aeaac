namespace DeadMan.Core.Config;

/// <summary>
/// A <c>url=</c> line's options into an <see cref="HttpProbeSpec"/>. The page is fetched from this machine straight
/// to the row's address, so only <c>source=</c> goes with it; options that could not mean anything with the URL
/// given (a certificate check of plain HTTP) are refused rather than ignored.
/// </summary>
internal static class HttpSpecBuilder
{
    /// <summary>The options only a url= line takes.</summary>
    public static readonly IReadOnlyList<string> Keys = ["http-status", "http-expect", "http-follow", "http-reuse", "http-version", "tls-verify", "tls-ca"];

    private static readonly string[] s_notWithUrl = ["tcp", "via", "relay", "netns"];

    public static HttpProbeSpec? Build(ConfigOption url, ProbeSpecBuilder.OptionLookup set, string fileName, Action<int, string> report)
    {
        foreach (string key in s_notWithUrl)
        {
            if (set.Find(key) is { } other)
            {
                report(other.KeyColumn, $"{key}= cannot go with url=: the page is fetched from this machine, from the row's address");
                return null;
            }
        }

        if (!Uri.TryCreate(url.Value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            report(url.ValueColumn, $"url '{url.Value}' is not an http:// or https:// URL with a host name");
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            report(url.ValueColumn, $"url '{url.Value}' holds credentials: HTTP authentication is not supported (nor kept in a host list)");
            return null;
        }

        HttpStatusRange status = HttpStatusRange.Default;
        if (set.Find("http-status") is { } statusOption)
        {
            if (HttpStatusRange.Parse(statusOption.Value) is not { } parsed)
            {
                report(statusOption.ValueColumn, $"invalid http-status '{statusOption.Value}' (codes 100-599 and ranges, e.g. 200 or 200-299,301)");
                return null;
            }

            status = parsed;
        }

        string? expect = set.Value("http-expect");
        if (expect is { Length: 0 })
        {
            report(set.Find("http-expect")!.Value.ValueColumn, "http-expect= needs the text the body must contain");
            return null;
        }

        string? follow = set.OneOf("http-follow", ["on", "off"]);
        string? reuse = set.OneOf("http-reuse", ["on", "off"]);
        string? version = set.OneOf("http-version", ["1.1", "2"]);
        string? verify = set.OneOf("tls-verify", ["on", "off"]);
        if ((follow is null && set.Find("http-follow") is not null) || (reuse is null && set.Find("http-reuse") is not null)
            || (version is null && set.Find("http-version") is not null) || (verify is null && set.Find("tls-verify") is not null))
        {
            return null;
        }

        bool tls = uri.Scheme == Uri.UriSchemeHttps;
        foreach (string key in (string[])["tls-verify", "tls-ca"])
        {
            if (!tls && set.Find(key) is { } option)
            {
                report(option.KeyColumn, $"{key}= goes with an https:// URL: plain HTTP has no certificate");
                return null;
            }
        }

        string? trust = null;
        if (set.Find("tls-ca") is { } ca)
        {
            if (verify == "off")
            {
                report(ca.KeyColumn, "tls-ca= with tls-verify=off: a certificate that is not checked needs no CA");
                return null;
            }

            if (ca.Value.Length == 0)
            {
                report(ca.ValueColumn, "tls-ca= needs a file of PEM certificates");
                return null;
            }

            trust = ca.Value;
        }

        // Beside the host list, as an operator keeps the event's CA with it. Whether it is there is asked when the
        // probe starts (and again on each reload), not here: --check may run where the file is not.
        return new HttpProbeSpec(uri, status, expect, follow == "on", reuse == "on", verify != "off", trust, version, set.Value("source"))
        {
            TrustPath = trust is null ? null : Path.GetFullPath(trust, Path.GetDirectoryName(Path.GetFullPath(fileName))!),
        };
    }
}
