using System.Net;
using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Settings;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Tests.Export;
using DeadMan.Core.Tests.Fakes;
using DeadMan.Core.Web;

namespace DeadMan.Core.Tests.Web;

/// <summary>The web view's state over real HTTP on loopback: the document, the event stream, the headers.</summary>
public sealed class WebServerTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private volatile MonitorSnapshot _snapshot = PrometheusExpositionTests.Snapshot();
    private WebServer _server = null!;

    private static readonly StateView s_operator = new(Public: false, TimeSpan.FromSeconds(10));

    public async Task InitializeAsync() => _server = await StartAsync(() => _snapshot, WebSettings.None);

    // Both documents from the same snapshots, as deadman serves them.
    private static Task<WebServer> StartAsync(Func<MonitorSnapshot> snapshot, WebSettings settings) =>
        WebServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0),
            new StateFeed(() => Task.FromResult(snapshot()), TimeProvider.System, s_operator with { Public = settings.Public }),
            new StateFeed(() => Task.FromResult(snapshot()), TimeProvider.System, new StateView(Public: true, TimeSpan.FromSeconds(10)) { Signage = settings }),
            settings, CancellationToken.None);

    private Uri At(string path) => new($"http://127.0.0.1:{_server.Endpoint.Port}{path}");

    [Fact]
    public async Task Should_serve_every_target_with_its_history_and_strict_headers_When_the_state_is_asked_for()
    {
        // When
        using HttpResponseMessage response = await _http.GetAsync(At("/api/state"));

        // Then
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("default-src 'none'; script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        using JsonDocument state = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement up = state.RootElement.GetProperty("targets")[0];
        Assert.Equal("up-host", up.GetProperty("name").GetString());
        Assert.Equal("Core\\A", up.GetProperty("group").GetString());
        Assert.Equal(0, up.GetProperty("id").GetInt32());
        // Newest first: 14 ms, then the lost round, then 12 ms.
        Assert.Equal("[14,null,12]", up.GetProperty("history").GetRawText());
        Assert.Equal("[]", state.RootElement.GetProperty("targets")[2].GetProperty("history").GetRawText());
        Assert.Equal(1, state.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Array, state.RootElement.GetProperty("interfaces").ValueKind);
        Assert.Equal(JsonValueKind.Array, state.RootElement.GetProperty("events").ValueKind);
    }

    [Fact]
    public async Task Should_stream_the_whole_state_first_then_each_new_one_When_a_page_listens()
    {
        // Given
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using HttpResponseMessage response = await _http.GetAsync(At("/api/events"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        (string id, JsonDocument first) = await NextStateAsync(reader, cancel.Token);

        // When: a host goes down
        TargetView host = _snapshot.Targets.First();
        var down = new StateChange(host, TargetStatus.Up, TargetStatus.Down, DateTimeOffset.UnixEpoch.AddSeconds(3), 1);
        _snapshot = _snapshot with { Version = 2, Events = [down] };
        (string nextId, JsonDocument next) = await NextStateAsync(reader, cancel.Token);

        // Then
        Assert.Equal("1", id);
        Assert.Equal(3, first.RootElement.GetProperty("targets").GetArrayLength());
        Assert.Equal("2", nextId);
        JsonElement change = next.RootElement.GetProperty("events")[0];
        Assert.Equal(("up-host", "up", "down"), (change.GetProperty("name").GetString(), change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
        first.Dispose();
        next.Dispose();
    }

    [Fact]
    public async Task Should_end_open_streams_When_the_server_stops()
    {
        // Given
        await using WebServer server = await StartAsync(() => _snapshot, WebSettings.None);
        using HttpResponseMessage response = await _http.GetAsync(new Uri($"http://127.0.0.1:{server.Endpoint.Port}/api/events"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (_, JsonDocument first) = await NextStateAsync(reader, CancellationToken.None);
        first.Dispose();

        // When
        var stopping = server.DisposeAsync().AsTask();

        // Then: the stream ends and the server stops well before Kestrel's 30 s shutdown timeout
        Assert.True(await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(5))) == stopping, "the server waited for its open stream");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Null(await ReadToEndOfStreamAsync(reader, cancel.Token));
    }

    [Theory]
    [InlineData("POST", "/api/state", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/events", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/etc/passwd", HttpStatusCode.NotFound)]
    [InlineData("HEAD", "/api/state", HttpStatusCode.OK)]
    public async Task Should_only_read_When_asked_anything(string method, string path, HttpStatusCode status)
    {
        // When
        using var request = new HttpRequestMessage(new HttpMethod(method), At(path));
        using HttpResponseMessage response = await _http.SendAsync(request);

        // Then
        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Should_ask_the_engine_once_a_freshness_period_at_most_and_reuse_the_document_of_an_unchanged_snapshot_When_many_ask()
    {
        // Given
        var clock = new FakeTimeProvider();
        int asked = 0;
        MonitorSnapshot snapshot = PrometheusExpositionTests.Snapshot();
        using var feed = new StateFeed(() => { asked++; return Task.FromResult(snapshot); }, clock, s_operator);

        // When: 200 pages ask at once, then the snapshot moves on, then the document's freshness runs out, twice
        StateMessage first = await feed.CurrentAsync(CancellationToken.None);
        for (int i = 0; i < 199; i++)
        {
            Assert.Same(first, await feed.CurrentAsync(CancellationToken.None));
        }

        snapshot = snapshot with { Version = 2 };
        StateMessage stillFirst = await feed.CurrentAsync(CancellationToken.None);
        clock.Advance(StateFeed.Freshness);
        StateMessage second = await feed.CurrentAsync(CancellationToken.None);
        clock.Advance(StateFeed.Freshness);
        StateMessage unchanged = await feed.CurrentAsync(CancellationToken.None);

        // Then
        Assert.Same(first, stillFirst);
        Assert.Equal(2, second.Version);
        Assert.Same(second.Json, unchanged.Json);
        Assert.Equal(3, asked);
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer not-the-token-at-all-00", null, HttpStatusCode.Unauthorized)]
    [InlineData(null, "not-the-token-at-all-00", HttpStatusCode.Unauthorized)]
    [InlineData("Basic bm9jOnNlY3JldA==", null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer 0123456789abcdef-noc", null, HttpStatusCode.OK)]
    [InlineData(null, "0123456789abcdef-noc", HttpStatusCode.OK)]
    public async Task Should_ask_for_the_token_When_one_is_set(string? authorization, string? query, HttpStatusCode status)
    {
        // Given
        await using WebServer server = await StartAsync(() => _snapshot, WebSettings.None with { Token = new Secret("0123456789abcdef-noc") });
        string url = $"http://127.0.0.1:{server.Endpoint.Port}/api/state" + (query is null ? "" : $"?token={query}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        // When
        using HttpResponseMessage response = await _http.SendAsync(request);

        // Then
        Assert.Equal(status, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status == HttpStatusCode.OK, body.Contains("up-host", StringComparison.Ordinal));
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer realm=\"deadman\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Should_leave_out_addresses_kinds_and_details_When_the_view_is_public()
    {
        // Given: a down host whose failure detail names an address, and an interface whose agent has a problem
        TargetView host = _snapshot.Targets.First();
        var reading = new InterfaceReading("ge-0/0/1", 7, "agent down", 1e6, 2e6, 0.1, "up", 1_000_000_000, "no response from 192.0.2.1:161");
        var interfaces = new[] { new InterfaceView("core", reading, 1e6, 2e6) };
        var down = new StateChange(host, TargetStatus.Up, TargetStatus.Down, DateTimeOffset.UnixEpoch, 1);
        var clients = new DeadMan.Core.Snmp.Gauges.GaugeDefinition("clients", DeadMan.Core.Snmp.Oid.Parse("1.3.6.1.4.1.99999.1.1"), "clients", 80, 120);
        var gauges = new[]
        {
            new DeadMan.Core.Snmp.Gauges.GaugeView("ap", new(clients, "ok", 118, null)) { History = [118, 40] },
            new DeadMan.Core.Snmp.Gauges.GaugeView("ap-2", new(clients, "no-response", null, "no response from 192.0.2.9:161")),
        };
        MonitorSnapshot snapshot = _snapshot with { Interfaces = interfaces, Gauges = gauges, Events = [down], Problem = "Prometheus at http://192.0.2.5:9090 unreachable" };
        await using WebServer server = await StartAsync(() => snapshot, WebSettings.None with { Public = true });

        // When
        string body = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{server.Endpoint.Port}/api/state"));

        // Then
        Assert.DoesNotContain("192.0.2.", body, StringComparison.Ordinal);
        using JsonDocument state = JsonDocument.Parse(body);
        JsonElement first = state.RootElement.GetProperty("targets")[0];
        Assert.Equal(("up-host", "Core\\A"), (first.GetProperty("name").GetString(), first.GetProperty("group").GetString()));
        Assert.False(first.TryGetProperty("address", out _));
        Assert.False(first.TryGetProperty("kind", out _));
        Assert.False(first.TryGetProperty("note", out _));
        Assert.Equal("[14,null,12]", first.GetProperty("history").GetRawText());
        Assert.Equal(1e6, state.RootElement.GetProperty("interfaces")[0].GetProperty("in_bps").GetDouble());
        Assert.Equal("down", state.RootElement.GetProperty("events")[0].GetProperty("to").GetString());
        Assert.Equal("the monitor cannot read its data source", state.RootElement.GetProperty("problem").GetString());
        JsonElement gauge = state.RootElement.GetProperty("gauges")[0];
        Assert.Equal(("ap", "clients", 118.0, "warn", "[118,40]"),
                     (gauge.GetProperty("host").GetString(), gauge.GetProperty("gauge").GetString(), gauge.GetProperty("value").GetDouble(),
                      gauge.GetProperty("state").GetString(), gauge.GetProperty("history").GetRawText()));
    }

    [Theory]
    [InlineData("noc", "a-long-enough-password", HttpStatusCode.OK)]
    [InlineData("noc", "a-long-enough-passworD", HttpStatusCode.Unauthorized)]
    [InlineData("nOc", "a-long-enough-password", HttpStatusCode.Unauthorized)]
    [InlineData("noc:a-long-enough-password", "", HttpStatusCode.Unauthorized)]
    public async Task Should_let_in_the_login_and_no_one_else_When_basic_authentication_is_set(string user, string password, HttpStatusCode status)
    {
        // Given
        await using WebServer server = await StartAsync(() => _snapshot, WebSettings.None with { Login = new BasicLogin("noc", new Secret("a-long-enough-password")) });
        foreach (string path in new[] { "/", "/api/state" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{server.Endpoint.Port}{path}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

            // When
            using HttpResponseMessage response = await _http.SendAsync(request);

            // Then: a refusal tells the browser to ask its user
            Assert.Equal(status, response.StatusCode);
            if (status == HttpStatusCode.Unauthorized)
            {
                Assert.Equal("Basic realm=\"deadman\", charset=\"UTF-8\"", response.Headers.WwwAuthenticate.ToString());
            }
        }
    }

    [Theory]
    [InlineData("/", "text/html; charset=utf-8", "/assets/operator.js")]
    [InlineData("/signage", "text/html; charset=utf-8", "/assets/signage.js")]
    [InlineData("/assets/common.js", "text/javascript; charset=utf-8", "new EventSource")]
    [InlineData("/assets/deadman.css", "text/css; charset=utf-8", "--down")]
    [InlineData("/assets/signage.css", "text/css; charset=utf-8", "--down")]
    public async Task Should_serve_the_pages_from_the_binary_When_a_browser_asks(string path, string type, string holds)
    {
        // When
        using HttpResponseMessage response = await _http.GetAsync(At(path));

        // Then
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.ToString());
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains(holds, body, StringComparison.Ordinal);
        // Nothing from elsewhere: every script and style the page names is its own.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", body);
    }

    [Theory]
    [InlineData("/assets/operator.html")]
    [InlineData("/assets/../signage.html")]
    [InlineData("/assets/")]
    public async Task Should_not_serve_pages_as_assets_When_a_path_is_made_up(string path)
    {
        // When
        using HttpResponseMessage response = await _http.GetAsync(At(path));

        // Then
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_streams_past_the_limit_and_still_serve_the_operator_When_someone_holds_every_connection_open()
    {
        // Given: a view with a token, and a client that opens 256 signage streams from one address (issue 30: the
        // operator's page with the right token then failed)
        await using WebServer server = await StartAsync(() => _snapshot, WebSettings.None with { Token = new Secret("0123456789abcdef-noc") });
        string at = $"http://127.0.0.1:{server.Endpoint.Port}";
        using var greedy = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { Timeout = TimeSpan.FromSeconds(30) };
        var held = new List<HttpResponseMessage>();
        try
        {
            // When
            HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 256).Select(_ =>
                greedy.GetAsync(new Uri(at + "/api/signage/events"), HttpCompletionOption.ResponseHeadersRead)));
            held.AddRange(answers);

            // Then: a few are streamed, the rest refused at once
            Assert.Equal(StreamGate.PerAddress, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.Equal(256 - StreamGate.PerAddress, answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable));

            // and the operator with the token gets the page, the state and a stream of their own
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(at + "/"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "0123456789abcdef-noc");
            using HttpResponseMessage page = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using HttpResponseMessage stream = await _http.GetAsync(new Uri(at + "/api/events?token=0123456789abcdef-noc"), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);

            // When one of the streams ends (the client drains it for up to 2 s before it closes the connection),
            // another may take its place
            answers.First(a => a.StatusCode == HttpStatusCode.OK).Dispose();
            HttpStatusCode again = HttpStatusCode.ServiceUnavailable;
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); again != HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(250))
            {
                HttpResponseMessage next = await greedy.GetAsync(new Uri(at + "/api/signage/events"), HttpCompletionOption.ResponseHeadersRead);
                held.Add(next);
                again = next.StatusCode;
            }

            Assert.Equal(HttpStatusCode.OK, again);
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task Should_open_the_signage_page_and_its_public_document_to_all_but_not_the_operators_When_a_token_is_set()
    {
        // Given: the operator's view is not public, and asks for a token
        await using WebServer server = await StartAsync(() => _snapshot, WebSettings.None with { Token = new Secret("0123456789abcdef-noc") });
        string at = $"http://127.0.0.1:{server.Endpoint.Port}";

        // When
        using HttpResponseMessage operatorPage = await _http.GetAsync(new Uri(at + "/"));
        using HttpResponseMessage signagePage = await _http.GetAsync(new Uri(at + "/signage"));
        using HttpResponseMessage script = await _http.GetAsync(new Uri(at + "/assets/signage.js"));
        string signage = await _http.GetStringAsync(new Uri(at + "/api/signage/state"));

        // Then
        Assert.Equal(HttpStatusCode.Unauthorized, operatorPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signagePage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using JsonDocument state = JsonDocument.Parse(signage);
        Assert.Equal(3, state.RootElement.GetProperty("targets").GetArrayLength());
        Assert.False(state.RootElement.GetProperty("targets")[0].TryGetProperty("address", out _));
        // The venue screen draws no sparkline: its document carries no history
        Assert.False(state.RootElement.GetProperty("targets")[0].TryGetProperty("history", out _));
    }

    [Fact]
    public async Task Should_sum_the_marked_uplinks_poll_by_poll_over_ten_minutes_When_the_signage_asks()
    {
        // Given: two uplinks marked, one interface not; 80 polls 10 s apart, more than ten minutes
        (double, double)[] History(double inRate, double outRate) => [.. Enumerable.Range(0, 80).Select(k => (inRate + k, outRate + k))];
        InterfaceView Interface(string host, string name, (double, double)[] history) =>
            new(host, new InterfaceReading(name, 1, "ok", history[0].Item1, history[0].Item2, 1, "up", 1_000_000_000, null), 0, 0) { History = history };
        MonitorSnapshot snapshot = _snapshot with
        {
            Interfaces = [Interface("core", "uplink-a", History(1000, 10)), Interface("core", "uplink-b", History(2000, 20)), Interface("core", "access", History(5e6, 5e6))],
        };
        var settings = WebSettings.None with { Title = "PyCon JP 2026", Clock = false, Uplinks = [new InterfaceName("core", "uplink-a"), new InterfaceName("core", "uplink-b")] };
        await using WebServer server = await StartAsync(() => snapshot, settings);

        // When
        using JsonDocument state = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{server.Endpoint.Port}/api/signage/state")));

        // Then: 60 polls of 10 s, newest first, the two uplinks summed
        JsonElement signage = state.RootElement.GetProperty("signage");
        Assert.Equal("PyCon JP 2026", signage.GetProperty("title").GetString());
        Assert.False(signage.GetProperty("clock").GetBoolean());
        Assert.Equal(["core uplink-a", "core uplink-b"], signage.GetProperty("uplinks").EnumerateArray().Select(u => u.GetString()));
        double[] inRates = [.. signage.GetProperty("in_bps").EnumerateArray().Select(v => v.GetDouble())];
        Assert.Equal(60, inRates.Length);
        Assert.Equal((3000, 3118), (inRates[0], inRates[59]));
        Assert.Equal(32, signage.GetProperty("out_bps")[1].GetDouble());
        Assert.Equal(10, state.RootElement.GetProperty("traffic_interval_s").GetDouble());
    }

    // The next "event: state" of the stream: its id and its document; comments (heartbeats) are skipped.
    private static async Task<(string Id, JsonDocument State)> NextStateAsync(StreamReader reader, CancellationToken cancel)
    {
        string? id = null;
        bool isState = false;
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line == "event: state")
            {
                isState = true;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (isState && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (id!, JsonDocument.Parse(line[6..]));
            }
        }

        throw new EndOfStreamException("the stream ended before a state came");
    }

    private static async Task<string?> ReadToEndOfStreamAsync(StreamReader reader, CancellationToken cancel)
    {
        try
        {
            string? line;
            while ((line = await reader.ReadLineAsync(cancel)) is not null && (line.Length == 0 || line.StartsWith(':')))
            {
            }

            return line;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();
}
