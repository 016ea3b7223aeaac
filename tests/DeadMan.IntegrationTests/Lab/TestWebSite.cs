using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeadMan.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// A real web server for the url= tests: Kestrel listening inside a network namespace (sockets opened there and handed
/// to it; it serves from this process), one HTTPS port per certificate the test makes (signed by
/// a CA of its own, valid; the same, 3 days from its end; expired; for another name; self-signed), and plain HTTP on
/// HTTP/1.1 and on HTTP/2 alone (h2c). Every port serves the same pages: /health ("status: ok"), /down (503),
/// /stall (headers and a first piece of body, then nothing), /moved (302 to /health). It records each request's
/// protocol and connection, so a test can tell HTTP/2 from HTTP/1.1 and a fresh connection from a reused one.
/// </summary>
public sealed partial class TestWebSite : IAsyncDisposable
{
    public const string Name = "register.example.org";

    private readonly WebApplication _app;
    private readonly List<Socket> _listening;
    private readonly CancellationTokenSource _stopping = new();

    private TestWebSite(WebApplication app, string caFile, List<Socket> listening)
    {
        _app = app;
        CaFile = caFile;
        _listening = listening;
    }

    /// <summary>The test CA, as PEM, for tls-ca=.</summary>
    public string CaFile { get; }

    /// <summary>HTTPS port by certificate: "valid", "expiring" (3 days left), "expired", "wrong-name", "self-signed".</summary>
    public Dictionary<string, int> Https { get; } = [];

    public int Http { get; private set; }

    public int H2c { get; private set; }

    /// <summary>Each request served, as (port, path, protocol, connection id).</summary>
    public ConcurrentQueue<(int Port, string Path, string Protocol, string Connection)> Requests { get; } = new();

    /// <summary>The site, listening on <paramref name="address"/> in namespace <paramref name="ns"/>.</summary>
    public static async Task<TestWebSite> StartAsync(string directory, string ns, IPAddress address)
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

        // Each listening socket is made in the namespace: a socket belongs to the namespace it was made in, wherever it is used.
        var listening = new List<Socket>();
        Socket Listen() => NetworkNamespace.Run(ns, () =>
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            socket.Listen(512);
            listening.Add(socket);
            return socket;
        });
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (X509Certificate2 certificate in certificates.Values)
            {
                kestrel.ListenHandle(Handed(Listen()), listen => listen.UseHttps(certificate));
            }

            kestrel.ListenHandle(Handed(Listen()), listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.ListenHandle(Handed(Listen()), listen => listen.Protocols = HttpProtocols.Http2);
        });
        WebApplication app = builder.Build();
        var site = new TestWebSite(app, caFile, listening);
        app.Run(site.ServeAsync);
        await app.StartAsync();
        int[] ports = [.. listening.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        int i = 0;
        foreach (string kind in certificates.Keys)
        {
            site.Https[kind] = ports[i++];
        }

        (site.Http, site.H2c) = (ports[i], ports[i + 1]);
        return site;
    }

    // A copy of the socket's descriptor for Kestrel, which may or may not close what it is handed: ours is closed by
    // us, the copy by it or with the process, and no descriptor is ever closed twice.
    private static ulong Handed(Socket socket)
    {
        int copy = Dup((int)socket.Handle);
        return copy >= 0 ? (ulong)copy : throw new IOException($"dup: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int descriptor);

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
        foreach (Socket socket in _listening)
        {
            socket.Dispose();
        }
    }
}
