using System.Net;
using System.Text;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeadMan.Core.Web;

/// <summary>
/// The web view (<c>--web</c>): the operator's page <c>/</c>, the venue screen <c>/signage</c>, and the state both
/// draw: <c>/api/state</c> and its stream <c>/api/events</c> (Server-Sent Events, at most once a second, the whole
/// state first so a page that reconnects has caught up); the signage page reads the public document from
/// <c>/api/signage/state</c> and <c>/api/signage/events</c>. Everything comes from the engine's published snapshots
/// through one <see cref="StateFeed"/> per document. Read-only: GET and HEAD only. Every answer forbids the browser
/// everything the pages do not need (Content-Security-Policy) and caching. With a token (<c>[web] token</c>) or a
/// login (<c>[web] user</c>, <c>password</c>) the operator's page and API ask for one of them: <c>Authorization:
/// Bearer TOKEN</c>, <c>?token=TOKEN</c> for a screen that can only be given a URL, or HTTP basic authentication. The
/// signage page, its public document and the pages' scripts and styles are open to all. Only with a token, and for
/// a monitor that probes, the operator's page acknowledges and withdraws: <c>POST /api/acknowledge</c> with the
/// token, from the page's own origin (a page elsewhere cannot make a browser post it); otherwise every path is GET
/// and HEAD only. Event streams are limited
/// per client address and in all (<see cref="StreamGate"/>): one past the limit is refused with 503 and the
/// connection closed.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    /// <summary>
    /// With nothing new, an <c>alive</c> event this often keeps proxies from closing the stream and tells a page that
    /// a quiet picture (hosts probed every 30 s) is still live, which a comment line would not.
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly StateFeed[] _feeds;
    private int _disposed;

    private WebServer(WebApplication app, IPEndPoint endpoint, CancellationTokenSource stopping, StateFeed[] feeds)
    {
        _app = app;
        Endpoint = endpoint;
        _stopping = stopping;
        _feeds = feeds;
    }

    /// <summary>Where it listens (with the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>
    /// Starts serving <paramref name="state"/> to the operator's page and <paramref name="signage"/> to the venue
    /// screen, with the access <paramref name="settings"/> ask for; the server disposes the feeds when it stops.
    /// </summary>
    /// <param name="monitor">The monitor acknowledgements go to, when the view is of one that probes (and can).</param>
    public static async Task<WebServer> StartAsync(IPEndPoint endpoint, StateFeed state, StateFeed signage, WebSettings settings, CancellationToken cancellationToken,
                                                   Monitoring.IMonitorView? monitor = null)
    {
        // Streams end when the server stops, rather than holding its shutdown until they time out.
        var stopping = new CancellationTokenSource();
        var access = new WebAccess(settings);
        var gate = new StreamGate();
        Monitoring.IMonitorView? writable = settings.Token is not null && monitor is { CanAcknowledge: true } ? monitor : null;
        try
        {
            (WebApplication app, IPEndPoint bound) = await HttpHost.StartAsync(endpoint, context => Serve(context, state, signage, access, gate, writable, stopping.Token), cancellationToken).ConfigureAwait(false);
            return new WebServer(app, bound, stopping, [state, signage]);
        }
        catch
        {
            stopping.Dispose();
            throw;
        }
    }

    private static async Task Serve(HttpContext context, StateFeed state, StateFeed signage, WebAccess access, StreamGate gate, Monitoring.IMonitorView? writable, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        if (writable is not null && context.Request.Path.Value == "/api/acknowledge")
        {
            await AcknowledgeAsync(context, access, writable, state.Time).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        string path = context.Request.Path.Value ?? "/";
        if (WebAssets.Find(path) is { } asset)
        {
            await WriteAsync(context, asset.ContentType, asset.Content).ConfigureAwait(false);
            return;
        }

        // Seven fixed paths in one switch rather than Kestrel's endpoint routing: routing (AddRoutingCore, a MapGet
        // per path) made the native binary 0.85 MiB larger (16.53 MB against 17.42 MB, scripts/publish, 2026-12-06)
        // and would split the one place that says which paths ask for the token.
        switch (path)
        {
            case "/signage":
                await WriteAsync(context, WebAssets.Html, WebAssets.SignagePage).ConfigureAwait(false);
                return;
            case "/api/signage/state":
                await WriteAsync(context, WebAssets.Json, (await signage.CurrentAsync(context.RequestAborted).ConfigureAwait(false)).Json).ConfigureAwait(false);
                return;
            case "/api/signage/events":
                await StreamAsync(context, signage, gate.TryEnter(context.Connection.RemoteIpAddress, access.Guarded && access.Allows(context.Request)), stopping).ConfigureAwait(false);
                return;
            case "/" or "/api/state" or "/api/events" when !access.Allows(context.Request):
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.Headers.WWWAuthenticate = access.Challenge;
                await WriteAsync(context, WebAssets.Text, Encoding.UTF8.GetBytes($"deadman: this view asks for {access.Asks}\n")).ConfigureAwait(false);
                return;
            case "/":
                await WriteAsync(context, WebAssets.Html, WebAssets.OperatorPage).ConfigureAwait(false);
                return;
            case "/api/state":
                await WriteAsync(context, WebAssets.Json, (await state.CurrentAsync(context.RequestAborted).ConfigureAwait(false)).Json).ConfigureAwait(false);
                return;
            case "/api/events":
                await StreamAsync(context, state, gate.TryEnter(context.Connection.RemoteIpAddress, access.Guarded), stopping).ConfigureAwait(false);
                return;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                await WriteAsync(context, WebAssets.Text, "deadman: the pages are / and /signage, the state /api/state and /api/events\n"u8.ToArray()).ConfigureAwait(false);
                return;
        }
    }

    private const int LargestRequest = 4096;

    // POST only, with the token, from this server's own origin (the browser says whose page sent it: Origin, or
    // Sec-Fetch-Site), a small JSON body; done (204) once the engine has applied it, so the next state shows it.
    private static async Task AcknowledgeAsync(HttpContext context, WebAccess access, Monitoring.IMonitorView monitor, TimeProvider time)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            return;
        }

        (int status, string why)? refused = !access.Allows(request) ? (StatusCodes.Status401Unauthorized, $"this asks for {access.Asks}")
            : !SameOrigin(request) ? (StatusCodes.Status403Forbidden, "refused: not from this server's own page (cross-origin)")
            : request.ContentLength is not (> 0 and <= LargestRequest) ? (StatusCodes.Status400BadRequest, $"a JSON body of at most {LargestRequest} bytes, with its length")
            : null;
        if (refused is { } no)
        {
            response.StatusCode = no.status;
            await WriteAsync(context, WebAssets.Text, Encoding.UTF8.GetBytes($"deadman: {no.why}\n")).ConfigureAwait(false);
            return;
        }

        AcknowledgeRequest? asked;
        try
        {
            asked = await System.Text.Json.JsonSerializer.DeserializeAsync(request.Body, AcknowledgeJson.Default.AcknowledgeRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(context, WebAssets.Text, Encoding.UTF8.GetBytes($"deadman: not an acknowledgement ({e.Message})\n")).ConfigureAwait(false);
            return;
        }

        DateTimeOffset now = time.GetUtcNow();
        if ((asked is null ? "an empty acknowledgement" : asked.Problem(now)) is { } problem)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteAsync(context, WebAssets.Text, Encoding.UTF8.GetBytes($"deadman: {problem}\n")).ConfigureAwait(false);
            return;
        }

        // Who: the web user, or the page's address when it came with the token alone.
        string by = access.UserOf(request) is { } user ? $"{user} (web)" : $"web {context.Connection.RemoteIpAddress}";
        await (asked!.Withdraw ? monitor.Withdraw(asked.Ids!, by) : monitor.Acknowledge(asked.Ids!, asked.Given(by, now))).ConfigureAwait(false);
        response.StatusCode = StatusCodes.Status204NoContent;
    }

    // The page that posts must be this server's own: a browser names the posting page's origin, and a page elsewhere
    // (which the operator may visit with the token in a cookie-less URL, or not) cannot pretend otherwise.
    private static bool SameOrigin(HttpRequest request) =>
        request.Headers.Origin is [{ } origin] ? string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        : request.Headers["Sec-Fetch-Site"] is [{ } site] && site == "same-origin";

    private static async Task WriteAsync(HttpContext context, string contentType, byte[] content)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
        }
    }

    // "event: state", the snapshot version as the event's id, the document as one data line (JSON written without
    // newlines); then, a second later at the earliest, the next one whose version moved, looked for every
    // Freshness; "alive" after a quiet Heartbeat.
    private static async Task StreamAsync(HttpContext context, StateFeed feed, IDisposable? ticket, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        if (ticket is null)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.Connection = "close";
            response.Headers.RetryAfter = "10";
            await WriteAsync(context, WebAssets.Text, "deadman: too many event streams are open from here; try again later\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        using IDisposable held = ticket;
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
                    // retry: a dropped page comes back after 2 s rather than the browser's own 3 to 5.
                    string retry = sent < 0 ? "retry: 2000\n" : "";
                    await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"{retry}event: state\nid: {message.Version}\ndata: "), gone).ConfigureAwait(false);
                    await response.Body.WriteAsync(message.Json, gone).ConfigureAwait(false);
                    await response.Body.WriteAsync("\n\n"u8.ToArray(), gone).ConfigureAwait(false);
                    await response.Body.FlushAsync(gone).ConfigureAwait(false);
                    (sent, quietSince) = (message.Version, feed.Time.GetTimestamp());
                    await Task.Delay(StateFeed.Period, feed.Time, gone).ConfigureAwait(false);
                    continue;
                }

                if (feed.Time.GetElapsedTime(quietSince) >= Heartbeat)
                {
                    await response.Body.WriteAsync("event: alive\ndata:\n\n"u8.ToArray(), gone).ConfigureAwait(false);
                    await response.Body.FlushAsync(gone).ConfigureAwait(false);
                    quietSince = feed.Time.GetTimestamp();
                }

                await Task.Delay(StateFeed.Freshness, feed.Time, gone).ConfigureAwait(false);
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
        foreach (StateFeed feed in _feeds)
        {
            feed.Dispose();
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
