using System.Net;
using System.Security.Cryptography;
using System.Text;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeadMan.Core.Web;

/// <summary>
/// The web view's HTTP side (<c>--web</c>): <c>/api/state</c> and the <c>/api/events</c> stream of the same state
/// (Server-Sent Events, at most once a second, the whole state first so a page that reconnects has caught up), all
/// read from the engine's published snapshots through one <see cref="StateFeed"/>. Read-only: GET and HEAD only.
/// Every answer forbids the browser everything the pages do not need (Content-Security-Policy) and caching. With a
/// token (<c>[web] token</c>) every request must carry it: <c>Authorization: Bearer TOKEN</c>, or <c>?token=TOKEN</c>
/// for a screen that can only be given a URL.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    /// <summary>With nothing new, a comment line this often keeps proxies and the browser from closing the stream.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly StateFeed _feed;
    private int _disposed;

    private WebServer(WebApplication app, IPEndPoint endpoint, CancellationTokenSource stopping, StateFeed feed)
    {
        _app = app;
        Endpoint = endpoint;
        _stopping = stopping;
        _feed = feed;
    }

    /// <summary>Where it listens (with the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Starts serving <paramref name="feed"/>'s state; the server disposes the feed when it stops.</summary>
    public static async Task<WebServer> StartAsync(IPEndPoint endpoint, StateFeed feed, Secret? token, CancellationToken cancellationToken)
    {
        // Streams end when the server stops, rather than holding its shutdown until they time out.
        var stopping = new CancellationTokenSource();
        byte[]? expected = token is null ? null : Encoding.UTF8.GetBytes(token.Reveal());
        try
        {
            (WebApplication app, IPEndPoint bound) = await HttpHost.StartAsync(endpoint, context => Serve(context, feed, expected, stopping.Token), cancellationToken).ConfigureAwait(false);
            return new WebServer(app, bound, stopping, feed);
        }
        catch
        {
            stopping.Dispose();
            throw;
        }
    }

    private static async Task Serve(HttpContext context, StateFeed feed, byte[]? token, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        if (!Allowed(context.Request, token))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Bearer realm=\"deadman\"";
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("deadman: this view asks for its token (Authorization: Bearer TOKEN, or ?token=TOKEN)\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        switch (context.Request.Path.Value)
        {
            case "/api/state":
                byte[] state = (await feed.CurrentAsync(context.RequestAborted).ConfigureAwait(false)).Json;
                response.ContentType = "application/json; charset=utf-8";
                response.ContentLength = state.Length;
                await response.Body.WriteAsync(state, context.RequestAborted).ConfigureAwait(false);
                break;
            case "/api/events":
                await StreamAsync(context, feed, stopping).ConfigureAwait(false);
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("deadman: the state is at /api/state and /api/events\n", context.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    // Compared in constant time, so the answer's timing does not tell how much of a guess was right.
    private static bool Allowed(HttpRequest request, byte[]? token)
    {
        if (token is null)
        {
            return true;
        }

        string? given = request.Headers.Authorization is [{ } header] && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
            : request.Query["token"] is [{ } query] ? query
            : null;
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), token);
    }

    // "event: state", the snapshot version as the event's id, the document as one data line (JSON written without
    // newlines); then a new one whenever the version moved, checked once a second.
    private static async Task StreamAsync(HttpContext context, StateFeed feed, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        CancellationToken gone = either.Token;
        long sent = -1;
        long quietSince = feed.Time.GetTimestamp();
        try
        {
            while (!gone.IsCancellationRequested)
            {
                StateMessage message = await feed.CurrentAsync(gone).ConfigureAwait(false);
                if (message.Version != sent)
                {
                    await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"event: state\nid: {message.Version}\ndata: "), gone).ConfigureAwait(false);
                    await response.Body.WriteAsync(message.Json, gone).ConfigureAwait(false);
                    await response.Body.WriteAsync("\n\n"u8.ToArray(), gone).ConfigureAwait(false);
                    await response.Body.FlushAsync(gone).ConfigureAwait(false);
                    (sent, quietSince) = (message.Version, feed.Time.GetTimestamp());
                }
                else if (feed.Time.GetElapsedTime(quietSince) >= Heartbeat)
                {
                    await response.Body.WriteAsync(": still here\n\n"u8.ToArray(), gone).ConfigureAwait(false);
                    await response.Body.FlushAsync(gone).ConfigureAwait(false);
                    quietSince = feed.Time.GetTimestamp();
                }

                await Task.Delay(StateFeed.Period, feed.Time, gone).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page was closed, the connection dropped or the server stops.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _feed.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
