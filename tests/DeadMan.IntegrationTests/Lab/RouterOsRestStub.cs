using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// A STUB of RouterOS's REST API, for tests only: it speaks the documented <c>POST /rest/ping</c> JSON over HTTPS
/// (a self-signed certificate made here) and plain HTTP on loopback, checks HTTP Basic credentials, and answers
/// with canned pings — replies for the addresses it is told are alive, timeouts for the rest. It pings nothing.
/// </summary>
public sealed class RouterOsRestStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HashSet<string> _alive;
    private readonly string _authorization;

    private RouterOsRestStub(WebApplication app, HashSet<string> alive, string authorization)
    {
        _app = app;
        _alive = alive;
        _authorization = authorization;
    }

    public int HttpsPort { get; private set; }

    public int HttpPort { get; private set; }

    /// <summary>Requests answered, by address asked for.</summary>
    public List<string> Asked { get; } = [];

    public static async Task<RouterOsRestStub> StartAsync(string username, string password, params string[] alive)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        using X509Certificate2 certificate = SelfSigned();
        var pfx = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(pfx));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        WebApplication app = builder.Build();
        var stub = new RouterOsRestStub(app, [.. alive], "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        app.Run(stub.ServeAsync);
        await app.StartAsync();
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        stub.HttpsPort = ports.Single(u => u.Scheme == "https").Port;
        stub.HttpPort = ports.Single(u => u.Scheme == "http").Port;
        return stub;
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (context.Request.Path != "/rest/ping" || context.Request.Method != "POST")
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (context.Request.Headers.Authorization != _authorization)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error":401,"message":"Unauthorized"}""");
            return;
        }

        using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
        string address = body.RootElement.GetProperty("address").GetString()!;
        lock (Asked)
        {
            Asked.Add(address);
        }

        context.Response.ContentType = "application/json";
        // As RouterOS 7 answers for count=1: strings throughout, durations like "1ms49us".
        await context.Response.WriteAsync(_alive.Contains(address)
            ? $$"""[{"avg-rtt":"1ms49us","host":"{{address}}","max-rtt":"1ms49us","min-rtt":"1ms49us","packet-loss":"0","received":"1","sent":"1","seq":"0","size":"56","time":"1ms49us","ttl":"61"}]"""
            : $$"""[{"host":"{{address}}","packet-loss":"100","received":"0","sent":"1","seq":"0","size":"56","status":"timeout"}]""");
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=routeros-stub", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
