using System.Net;
using System.Text;
using DeadMan.Core.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeadMan.Core.Export;

/// <summary>
/// Serves <c>/metrics</c> for Prometheus on Kestrel, with tight limits so that a slow, greedy or hostile client
/// costs little: few connections, small headers, short header and keep-alive timeouts. It reads a snapshot per
/// scrape and never holds up the monitor. Environment settings (ASPNETCORE_URLS …) are ignored: it listens where
/// the command line says and nowhere else.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private const int MaxConnections = 256;
    private const int FlushBytes = 64 * 1024;
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Where it listens (with the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    public static async Task<MetricsServer> StartAsync(IPEndPoint endpoint, Func<Task<StringBuilder>> render, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(endpoint);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Limits.MaxRequestLineSize = 2048;
            kestrel.Limits.MaxRequestHeadersTotalSize = 8192;
            kestrel.Limits.MaxRequestHeaderCount = 32;
            kestrel.Limits.MaxRequestBodySize = 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        });
        WebApplication app = builder.Build();
        app.Run(context => Serve(context, render));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                          .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound);
        return new MetricsServer(app, new IPEndPoint(endpoint.Address, uri.Port));
    }

    /// <summary>Reads <c>PORT</c> (on loopback), <c>ADDRESS:PORT</c>, <c>[IPv6]:PORT</c> or <c>localhost:PORT</c>.</summary>
    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint) => EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out endpoint);

    private static async Task Serve(HttpContext context, Func<Task<StringBuilder>> render)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (context.Request.Path == "/metrics")
        {
            context.Response.ContentType = PrometheusExposition.ContentType;
            StringBuilder text = await render().ConfigureAwait(false);
            Encoder encoder = Encoding.UTF8.GetEncoder();
            long unflushed = 0;
            foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
            {
                // The encoder carries a surrogate pair split between two chunks over to the next.
                encoder.Convert(chunk.Span, context.Response.BodyWriter, flush: false, out long written, out _);
                unflushed += written;
                // A flush sends what is buffered and waits for a slow scraper; once per 64 KB keeps little buffered
                // without a write for every 8,000-character chunk (about 70 for the 570 KB scrape at 1,000 hosts).
                if (unflushed >= FlushBytes)
                {
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    unflushed = 0;
                }
            }

            encoder.Convert([], context.Response.BodyWriter, flush: true, out _, out _);
            return;
        }

        context.Response.StatusCode = context.Request.Path == "/" ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("deadman: Prometheus metrics are at /metrics\n", context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
