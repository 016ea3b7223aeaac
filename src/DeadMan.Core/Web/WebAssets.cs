using System.Reflection;

namespace DeadMan.Core.Web;

/// <summary>
/// The pages, scripts and styles of the web view, embedded in the binary (Web/Pages): nothing is fetched from
/// anywhere else, since the venue's network may be the thing that is down.
/// </summary>
internal static class WebAssets
{
    public const string Html = "text/html; charset=utf-8";
    public const string Json = "application/json; charset=utf-8";
    public const string Text = "text/plain; charset=utf-8";

    private const string Prefix = "/assets/";

    private static readonly Dictionary<string, WebAsset> s_assets = Load();

    public static byte[] OperatorPage { get; } = s_assets["operator.html"].Content;

    public static byte[] SignagePage { get; } = s_assets["signage.html"].Content;

    /// <summary>A script or style under /assets/, or null.</summary>
    public static WebAsset? Find(string path) =>
        path.StartsWith(Prefix, StringComparison.Ordinal) && s_assets.TryGetValue(path[Prefix.Length..], out WebAsset? asset) && !path.EndsWith(".html", StringComparison.Ordinal)
            ? asset
            : null;

    private static Dictionary<string, WebAsset> Load()
    {
        Assembly assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("web/", StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var content = new MemoryStream();
            stream.CopyTo(content);
            string file = name["web/".Length..];
            string type = Path.GetExtension(file) switch
            {
                ".html" => Html,
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[file] = new WebAsset(type, content.ToArray());
        }

        return assets;
    }
}
