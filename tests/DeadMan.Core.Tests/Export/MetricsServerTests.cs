using System.Net;
using System.Net.Sockets;
using System.Text;
using DeadMan.Core.Export;

namespace DeadMan.Core.Tests.Export;

/// <summary>The metrics endpoint over real HTTP on loopback, with well-behaved and abusive clients.</summary>
public sealed class MetricsServerTests : IAsyncLifetime, IDisposable
{
    private MetricsServer _server = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync() =>
        _server = await MetricsServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0),
            () => Task.FromResult(PrometheusExposition.Format(PrometheusExpositionTests.Snapshot(), "0.1.0")), CancellationToken.None);

    private Uri Metrics => new($"http://127.0.0.1:{_server.Endpoint.Port}/metrics");

    [Fact]
    public async Task Should_serve_parseable_exposition_with_its_content_type_When_scraped()
    {
        // When
        using HttpResponseMessage response = await _http.GetAsync(Metrics);

        // Then
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var samples = ExpositionParser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(samples, s => s.Name == "deadman_up" && s.Labels["name"] == "up-host" && s.Value == 1);
    }

    [Fact]
    public async Task Should_send_every_character_intact_When_the_text_spans_many_chunks_with_pairs_split_between_them()
    {
        // Given: 60,000 characters in a builder's chunks; a host name's emoji (a surrogate pair) falls across chunk ends
        var text = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            text.Append("東📡");
        }

        await using MetricsServer server = await MetricsServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), () => Task.FromResult(text), CancellationToken.None);

        // When
        byte[] body = await _http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{server.Endpoint.Port}/metrics"));

        // Then
        var chunkEnds = new List<char>();
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            chunkEnds.Add(chunk.Span[^1]);
        }

        Assert.Contains(chunkEnds, char.IsHighSurrogate);
        Assert.Equal(Encoding.UTF8.GetBytes(text.ToString()), body);
    }

    [Fact]
    public async Task Should_answer_404_for_other_paths_and_405_for_other_methods()
    {
        using HttpResponseMessage missing = await _http.GetAsync(new Uri(Metrics, "/nope"));
        using HttpResponseMessage posted = await _http.PostAsync(Metrics, new StringContent("x"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, posted.StatusCode);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(400)]
    public async Task Should_keep_serving_When_slow_and_idle_clients_hold_many_connections(int attackers)
    {
        // Given: connections that send half a request and then nothing (slowloris); 400 is more than the limit
        var loris = new List<Socket>();
        for (int i = 0; i < attackers; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(_server.Endpoint);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "));
            }
            catch (SocketException)
            {
                // Refused or reset past the connection limit: what the limit is for.
            }

            loris.Add(socket);
        }

        // When a real scrape comes during the attack (below the limit) or once the header timeout cut the attackers off
        if (attackers > 256)
        {
            await Task.Delay(TimeSpan.FromSeconds(7));
        }

        using HttpResponseMessage response = await _http.GetAsync(Metrics);

        // Then it is served
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (Socket socket in loris)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public async Task Should_refuse_a_huge_request_and_go_on_When_a_client_sends_megabytes_of_headers()
    {
        // Given
        using var request = new HttpRequestMessage(HttpMethod.Get, Metrics);
        request.Headers.Add("X-Huge", new string('a', 1 << 20));

        // When
        HttpStatusCode huge;
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request);
            huge = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            huge = HttpStatusCode.RequestHeaderFieldsTooLarge; // the server may also just close the connection
        }

        // Then
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, huge);
        using HttpResponseMessage after = await _http.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();
}
