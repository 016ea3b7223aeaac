using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeadMan.Core.Export;

/// <summary>
/// Kestrel as deadman's HTTP endpoints run it (metrics, the web view): listening where the command line says and
/// nowhere else (ASPNETCORE_URLS and the like are ignored), with tight limits so that a slow, greedy or hostile
/// client costs little: few connections, small headers, short header and keep-alive timeouts.
/// </summary>
internal static class HttpHost
{
    public const int MaxConnections = 256;

    /// <summary>Starts serving; returns the application and where it listens (the real port when 0 was asked for).</summary>
    public static async Task<(WebApplication App, IPEndPoint Endpoint)> StartAsync(IPEndPoint endpoint, RequestDelegate serve, CancellationToken cancellationToken)
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
        app.Run(serve);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                          .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new IPEndPoint(endpoint.Address, new Uri(bound).Port));
    }
}
