using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>An HTTP endpoint on loopback that keeps every request it is sent (path, Authorization header, body): a chat webhook or Alertmanager's API, as a test sees it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string Authorization, string Body)> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>What it answers: 200 unless a test makes it a failing receiver (500); refused requests are not kept.</summary>
    public int Status { get; set; } = 200;

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            context.Response.StatusCode = receiver.Status;
            if (receiver.Status == 200)
            {
                receiver.Requests.Enqueue((context.Request.Path, context.Request.Headers.Authorization.ToString(), body));
            }
        });
        await app.StartAsync();
        receiver.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
