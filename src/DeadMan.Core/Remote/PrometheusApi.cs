using System.Globalization;
using System.Text.Json;

namespace DeadMan.Core.Remote;

/// <summary>
/// The HTTP query API that Prometheus, Thanos, VictoriaMetrics and Mimir all answer: instant queries
/// (<c>/api/v1/query</c>, a vector of label sets and values) and range queries (<c>/api/v1/query_range</c>, a matrix). Every failure becomes a <see cref="RemoteException"/> whose
/// message says what to look at.
/// </summary>
public sealed class PrometheusApi(Uri baseUrl, HttpClient http)
{
    public Uri BaseUrl => baseUrl;

    public async Task<IReadOnlyList<Sample>> QueryAsync(string query, CancellationToken cancellationToken) =>
        Parse(await GetAsync($"api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken).ConfigureAwait(false));

    /// <summary>A range query (<c>/api/v1/query_range</c>): each series with its values from start to end, a step apart.</summary>
    public async Task<IReadOnlyList<RangeSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        ParseMatrix(await GetAsync(string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start.ToUnixTimeMilliseconds() / 1000.0:0.###}&end={end.ToUnixTimeMilliseconds() / 1000.0:0.###}&step={step.TotalSeconds:0.###}"),
            cancellationToken).ConfigureAwait(false));

    private async Task<string> GetAsync(string relative, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, relative);
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new RemoteException($"{Where} refused us (HTTP {(int)response.StatusCode}): check [prometheus] user and password, or token, in deadman.toml");
            }

            if (!response.IsSuccessStatusCode && !body.StartsWith('{'))
            {
                throw new RemoteException($"{Where}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return body;
        }
        catch (HttpRequestException e)
        {
            throw new RemoteException($"{Where} unreachable: {e.InnerException?.Message ?? e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteException($"{Where} did not answer within {http.Timeout.TotalSeconds:0.#} s");
        }
    }

    private string Where => $"Prometheus at {baseUrl.GetLeftPart(UriPartial.Authority)}";

    /// <summary>A query answer's vector; an error answer or anything else is a <see cref="RemoteException"/> with the server's words.</summary>
    public static IReadOnlyList<Sample> Parse(string body) => Read(body, "vector", r => new Sample(Labels(r),
        Number(r.GetProperty("value")[1])));

    /// <summary>A range query answer's matrix.</summary>
    public static IReadOnlyList<RangeSeries> ParseMatrix(string body) => Read(body, "matrix", r => new RangeSeries(Labels(r),
        [.. r.GetProperty("values").EnumerateArray().Select(v => (DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v[0].GetDouble() * 1000)), Number(v[1])))]));

    private static IReadOnlyList<T> Read<T>(string body, string type, Func<JsonElement, T> series)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement root = json.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                throw new RemoteException($"the query was refused: {root.GetProperty("error").GetString()}");
            }

            JsonElement data = root.GetProperty("data");
            if (data.GetProperty("resultType").GetString() != type)
            {
                throw new RemoteException($"expected a {type}, got a {data.GetProperty("resultType").GetString()}");
            }

            return [.. data.GetProperty("result").EnumerateArray().Select(series)];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new RemoteException($"not a Prometheus query answer ({e.Message})");
        }
    }

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    private static double Number(JsonElement value) => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>One series of an instant vector: its labels and value.</summary>
public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name) ?? "";
}

/// <summary>One series of a range answer: its labels and its values in time order.</summary>
public sealed record RangeSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(DateTimeOffset At, double Value)> Values)
{
    public string Label(string name) => Labels.GetValueOrDefault(name) ?? "";
}

/// <summary>Prometheus could not be asked, or said no: what the status line shows.</summary>
public sealed class RemoteException(string message) : Exception(message);
