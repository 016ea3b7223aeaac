namespace DeadMan.Core.Text;

/// <summary>
/// A URL as deadman may print it (status line, event log, errors, --check): scheme, host and port only. Its user and
/// password, path and query may all be secrets (a Slack webhook's path is its key, some receivers take <c>?key=</c>),
/// so they are never shown: <c>https://hooks.slack.com/…</c>, <c>http://********@127.0.0.1:9093</c>.
/// </summary>
public static class UrlText
{
    public static string Redacted(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return "…";
        }

        string user = url.UserInfo.Length > 0 ? Config.Secret.Mask + "@" : "";
        string rest = url.PathAndQuery is "" or "/" && url.Fragment.Length == 0 ? "" : "/…";
        return $"{url.Scheme}://{user}{url.Authority}{rest}";
    }

    /// <summary>Scheme, host and port, and nothing of who logs in: "http://127.0.0.1:9090", for "Prometheus at …".</summary>
    public static string Origin(Uri url) => url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}" : "…";

    /// <summary>The text of a URL as it may be printed; text that is no URL at all is not printed either.</summary>
    public static string Redacted(string text) => Uri.TryCreate(text, UriKind.Absolute, out Uri? url) ? Redacted(url) : "…";

    /// <summary>
    /// The URL's user and password as an HTTP basic authentication header's value (HttpClient sends neither on its own),
    /// and the URL without them; null when it has none.
    /// </summary>
    public static (Uri Url, string? Basic) WithoutUser(Uri url)
    {
        if (url.UserInfo.Length == 0)
        {
            return (url, null);
        }

        string login = Uri.UnescapeDataString(url.UserInfo);
        var bare = new UriBuilder(url) { UserName = "", Password = "" };
        return (bare.Uri, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(login)));
    }
}
