using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Remote;

namespace DeadMan.Core.Tests.Remote;

/// <summary>Issue 18: what the query API answers, read or refused with the server's words; a stale vantage never counts as up.</summary>
public sealed class PrometheusApiTests
{
    [Fact]
    public void Should_read_labels_and_values_When_the_answer_is_a_vector()
    {
        IReadOnlyList<Sample> samples = PrometheusApi.Parse("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"deadman_state","name":"ap-1f-a","vantage":"noc"},"value":[1764250000.123,"2"]},
              {"metric":{"name":"core-sw","vantage":"hall-b"},"value":[1764250000.123,"NaN"]}]}}
            """);

        Assert.Equal(("deadman_state", "ap-1f-a", "noc", 2.0), (samples[0].Label("__name__"), samples[0].Label("name"), samples[0].Label("vantage"), samples[0].Value));
        Assert.True(double.IsNaN(samples[1].Value));
        Assert.Equal("", samples[1].Label("group"));
    }

    [Fact]
    public void Should_read_a_matrix_in_any_field_order_past_fields_it_does_not_know_When_the_answer_is_a_range()
    {
        IReadOnlyList<RangeSeries> series = PrometheusApi.ParseMatrix("""
            {"data":{"result":[{"values":[[1764250000,"1"],[1764250001.5,"+Inf"]],"metric":{"name":"ap-1f-a"},"histograms":[[1764250000,{"count":"2"}]]}],
                     "resultType":"matrix","stats":{"timings":{"evalTotalTime":0.001}}},
             "warnings":["a warning"],"status":"success"}
            """);

        RangeSeries only = Assert.Single(series);
        Assert.Equal("ap-1f-a", only.Label("name"));
        Assert.Null(only.Labels["vantage"]);
        Assert.Equal([(DateTimeOffset.FromUnixTimeSeconds(1764250000), 1.0), (DateTimeOffset.FromUnixTimeMilliseconds(1764250001500), double.PositiveInfinity)], only.Values);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764250000,"1"]}""", "not a Prometheus query answer")]
    [InlineData("""{"data":{"resultType":"vector","result":[]}}""", "not a Prometheus query answer (no status)")]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"parse error at char 4"}""", "the query was refused: parse error at char 4")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "expected a vector, got a matrix")]
    [InlineData("<html>gateway</html>", "not a Prometheus query answer")]
    public void Should_say_what_is_wrong_When_the_answer_is_no_vector(string body, string expected)
    {
        var refused = Assert.Throws<RemoteException>(() => PrometheusApi.Parse(body));
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_log_in_with_the_user_in_the_url_keep_its_path_and_never_say_the_password_When_the_url_holds_them()
    {
        // Given: Prometheus behind a proxy under /prometheus with basic authentication, refusing us (issue 30: the
        // password was echoed in errors; the user was not sent)
        var server = new Recorder();
        using var http = new HttpClient(server);
        var api = new PrometheusApi(new Uri("http://noc:pa55word@prometheus.test:9090/prometheus"), http);

        // When
        var refused = await Assert.ThrowsAsync<RemoteException>(() => api.QueryAsync("deadman_state", CancellationToken.None));

        // Then
        Assert.Equal("/prometheus/api/v1/query", server.Path);
        Assert.Equal("Basic " + Convert.ToBase64String("noc:pa55word"u8.ToArray()), server.Authorization);
        Assert.StartsWith("Prometheus at http://prometheus.test:9090 refused us (HTTP 401)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", refused.Message, StringComparison.Ordinal);
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public string? Path { get; private set; }

        public string? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (Path, Authorization) = (request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized));
        }
    }

    [Fact]
    public async Task Should_say_it_did_not_answer_in_time_When_the_server_sends_its_headers_and_then_stalls()
    {
        // Given: a server on loopback that starts an answer and never finishes it (the client's own timeout stops at the headers)
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var over = new CancellationTokenSource();
        Task stalled = Task.Run(async () =>
        {
            using System.Net.Sockets.TcpClient client = await listener.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"status\""u8.ToArray());
            // until the client closes the connection, or the test is over
            var rest = new byte[4096];
            try
            {
                while (await client.GetStream().ReadAsync(rest, over.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
            }
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var api = new PrometheusApi(new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/"), http);

        // When
        var late = await Assert.ThrowsAsync<RemoteException>(() => api.QueryAsync("deadman_state", CancellationToken.None));

        // Then
        Assert.EndsWith("did not answer within 0.3 s", late.Message, StringComparison.Ordinal);
        // The server is stopped rather than waited for: alone, it sees the client close at once (0 ms, five runs), but
        // a clean-clone CI run once waited ten seconds in vain while the other tests kept both cores busy.
        await over.CancelAsync();
        await stalled.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Should_take_the_worst_state_of_the_vantages_still_reporting_When_judging_a_host()
    {
        VantageReading Reading(string vantage, TargetStatus status, bool stale = false) => new(vantage, status, stale, null, null, null);

        Assert.Equal(TargetStatus.Down, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up), Reading("hall-b", TargetStatus.Down)]).Status);
        Assert.Equal(TargetStatus.Degraded, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up), Reading("hall-b", TargetStatus.Degraded)]).Status);
        // a vantage gone stale says nothing: the one still reporting decides, and with none left the host is unknown
        Assert.Equal(TargetStatus.Up, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up), Reading("hall-b", TargetStatus.Down, stale: true)]).Status);
        Assert.Equal(TargetStatus.Unknown, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up, stale: true)]).Status);
    }
}
