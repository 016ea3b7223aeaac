using System.Buffers;
using System.Globalization;

namespace DeadMan.Core.Remote;

/// <summary>
/// The HTTP query API that Prometheus, Thanos, VictoriaMetrics and Mimir all answer: instant queries
/// (<c>/api/v1/query</c>, a vector of label sets and values) and range queries (<c>/api/v1/query_range</c>, a matrix). Every failure becomes a <see cref="RemoteException"/> whose
/// message says what to look at. A user and password in the URL are sent as basic authentication when deadman.toml's
/// [prometheus] gives no login, and never printed; a path prefix (<c>http://noc/prometheus</c>) is kept.
/// </summary>
public sealed class PrometheusApi
{
    private readonly Uri _base;
    private readonly string? _basic;
    private readonly HttpClient _http;

    public PrometheusApi(Uri baseUrl, HttpClient http)
    {
        BaseUrl = baseUrl;
        (Uri bare, _basic) = Text.UrlText.WithoutUser(baseUrl);
        // Relative to a base without its last slash, "api/v1/query" would replace the prefix's last segment.
        _base = new Uri(bare.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        _http = http;
    }

    public Uri BaseUrl { get; }

    public Task<List<Sample>> QueryAsync(string query, CancellationToken cancellationToken) =>
        GetAsync($"api/v1/query?query={Uri.EscapeDataString(query)}", Parse, cancellationToken);

    /// <summary>A range query (<c>/api/v1/query_range</c>): each series with its values from start to end, a step apart.</summary>
    public Task<List<RangeSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start.ToUnixTimeMilliseconds() / 1000.0:0.###}&end={end.ToUnixTimeMilliseconds() / 1000.0:0.###}&step={step.TotalSeconds:0.###}"),
            ParseMatrix, cancellationToken);

    private delegate T BodyReader<T>(ReadOnlySpan<byte> body);

    // The answer is read into a pooled buffer and parsed there: answers of megabytes every second would otherwise be
    // new large-object-heap arrays each time, collected only with the whole heap.
    private async Task<T> GetAsync<T>(string relative, BodyReader<T> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, relative));
        if (_basic is not null && _http.DefaultRequestHeaders.Authorization is null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", _basic);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        // The client's timeout ends at the headers when the body is read as a stream: this one covers the body too.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_http.Timeout);
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new RemoteException($"{Where} refused us (HTTP {(int)response.StatusCode}): check [prometheus] user and password, or token, in deadman.toml");
            }

            int length = 0;
            Stream body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                int got;
                while ((got = await body.ReadAsync(buffer.AsMemory(length), deadline.Token).ConfigureAwait(false)) > 0)
                {
                    length += got;
                    if (length == buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            // An error the API words itself is JSON; anything else (a proxy's page) is said by its status.
            if (!response.IsSuccessStatusCode && (length == 0 || buffer[0] != (byte)'{'))
            {
                throw new RemoteException($"{Where}: HTTP {(int)response.StatusCode} {Text.SafeText.Line(response.ReasonPhrase ?? "")}");
            }

            return read(buffer.AsSpan(0, length));
        }
        catch (HttpRequestException e)
        {
            throw new RemoteException($"{Where} unreachable: {e.InnerException?.Message ?? e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteException($"{Where} did not answer within {_http.Timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Where => $"Prometheus at {Text.UrlText.Origin(BaseUrl)}";

    /// <summary>A query answer's vector; an error answer or anything else is a <see cref="RemoteException"/> with the server's words.</summary>
    public static IReadOnlyList<Sample> Parse(string body) => Parse(System.Text.Encoding.UTF8.GetBytes(body).AsSpan());

    /// <summary>A range query answer's matrix.</summary>
    public static IReadOnlyList<RangeSeries> ParseMatrix(string body) => ParseMatrix(System.Text.Encoding.UTF8.GetBytes(body).AsSpan());

    private static List<Sample> Parse(ReadOnlySpan<byte> body) =>
        [.. QueryAnswer.Read(body, "vector").Select(s => s.Values is [var point] ? new Sample(s.Labels, point.Value) : throw new RemoteException("not a Prometheus query answer (a vector's series without one value)"))];

    private static List<RangeSeries> ParseMatrix(ReadOnlySpan<byte> body) =>
        [.. QueryAnswer.Read(body, "matrix").Select(s => new RangeSeries(s.Labels, s.Values))];
}
