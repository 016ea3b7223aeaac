using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// A real web server for the url= tests: Kestrel on loopback, one HTTPS port per certificate the test makes (signed by
/// a CA of its own, valid; the same, 3 days from its end; expired; for another name; self-signed), and plain HTTP on
/// HTTP/1.1 and on HTTP/2 alone (h2c). Every port serves the same pages: /health ("status: ok"), /down (503),
/// /stall (headers and a first piece of body, then nothing), /moved (302 to /health). It records each request's
/// protocol and connection, so a test can tell HTTP/2 from HTTP/1.1 and a fresh connection from a reused one.
/// </summary>
public sealed class TestWebSite : IAsyncDisposable
{
    public const string Name = "register.example.org";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private TestWebSite(WebApplication app, string caFile)
    {
        _app = app;
        CaFile = caFile;
    }

    /// <summary>The test CA, as PEM, for tls-ca=.</summary>
    public string CaFile { get; }

    /// <summary>HTTPS port by certificate: "valid", "expiring" (3 days left), "expired", "wrong-name", "self-signed".</summary>
    public Dictionary<string, int> Https { get; } = [];

    public int Http { get; private set; }

    public int H2c { get; private set; }

    /// <summary>Each request served, as (port, path, protocol, connection id).</summary>
    public ConcurrentQueue<(int Port, string Path, string Protocol, string Connection)> Requests { get; } = new();

    public static async Task<TestWebSite> StartAsync(string directory)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=DeadMan Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddDays(-30), now.AddYears(1));
        string caFile = Path.Combine(directory, "test-ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());

        var certificates = new Dictionary<string, X509Certificate2>
        {
            ["valid"] = Signed(ca, caKey, Name, now.AddDays(-1), now.AddDays(90)),
            ["expiring"] = Signed(ca, caKey, Name, now.AddDays(-87), now.AddDays(3)),
            ["expired"] = Signed(ca, caKey, Name, now.AddDays(-90), now.AddDays(-2)),
            ["wrong-name"] = Signed(ca, caKey, "other.example.org", now.AddDays(-1), now.AddDays(90)),
            ["self-signed"] = SelfSigned(Name, now.AddDays(-1), now.AddDays(90)),
        };

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (X509Certificate2 certificate in certificates.Values)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            }

            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        WebApplication app = builder.Build();
        var site = new TestWebSite(app, caFile);
        app.Run(site.ServeAsync);
        await app.StartAsync();
        // Kestrel lists its addresses in the order they were asked for.
        int[] ports = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port)];
        int i = 0;
        foreach (string kind in certificates.Keys)
        {
            site.Https[kind] = ports[i++];
        }

        (site.Http, site.H2c) = (ports[i], ports[i + 1]);
        return site;
    }

    private async Task ServeAsync(HttpContext context)
    {
        Requests.Enqueue((context.Connection.LocalPort, context.Request.Path, context.Request.Protocol, context.Connection.Id));
        switch (context.Request.Path.Value)
        {
            case "/health":
                await context.Response.WriteAsync("<html><body>status: ok</body></html>");
                break;
            case "/down":
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("maintenance");
                break;
            case "/stall":
                await context.Response.WriteAsync("<html><body>loading");
                await context.Response.Body.FlushAsync();
                using (var stalled = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    await Task.Delay(Timeout.Infinite, stalled.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                break;
            case "/moved":
                context.Response.Redirect("/health");
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private static X509Certificate2 Signed(X509Certificate2 ca, RSA caKey, string name, DateTimeOffset from, DateTimeOffset to)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = Leaf(name, key);
        byte[] serial = RandomNumberGenerator.GetBytes(8);
        using X509Certificate2 issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), from, to, serial);
        // Kestrel needs the key with it, and on Linux one it can export.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pfx), null);
    }

    private static X509Certificate2 SelfSigned(string name, DateTimeOffset from, DateTimeOffset to)
    {
        using RSA key = RSA.Create(2048);
        using X509Certificate2 made = Leaf(name, key).CreateSelfSigned(from, to);
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    private static CertificateRequest Leaf(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
