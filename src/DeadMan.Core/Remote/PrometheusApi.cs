using System.Globalization;
using System.Text.Json;

namespace DeadMan.Core.Remote;

/// <summary>
/// The HTTP query API that Prometheus, Thanos, VictoriaMetrics and Mimir all answer (<c>/api/v1/query</c>): one
/// instant query, its vector as label sets and values. Every failure becomes a <see cref="RemoteException"/> whose
/// message says what to look at.
/// </summary>
public sealed class PrometheusApi(Uri baseUrl, HttpClient http)
{
    public Uri BaseUrl => baseUrl;

    public async Task<IReadOnlyList<Sample>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, $"api/v1/query?query={Uri.EscapeDataString(query)}");
        string body;
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new RemoteException($"{Where} refused us (HTTP {(int)response.StatusCode}): check [prometheus] user and password, or token, in deadman.toml");
            }

            if (!response.IsSuccessStatusCode && !body.StartsWith('{'))
            {
                throw new RemoteException($"{Where}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (HttpRequestException e)
        {
            throw new RemoteException($"{Where} unreachable: {e.InnerException?.Message ?? e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteException($"{Where} did not answer within {http.Timeout.TotalSeconds:0.#} s");
        }

        return Parse(body);
    }

    private string Where => $"Prometheus at {baseUrl.GetLeftPart(UriPartial.Authority)}";

    /// <summary>A query answer's vector; an error answer or anything else is a <see cref="RemoteException"/> with the server's words.</summary>
    public static IReadOnlyList<Sample> Parse(string body)
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
            if (data.GetProperty("resultType").GetString() != "vector")
            {
                throw new RemoteException($"expected a vector, got a {data.GetProperty("resultType").GetString()}");
            }

            return [.. data.GetProperty("result").EnumerateArray().Select(r => new Sample(
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
                double.Parse(r.GetProperty("value")[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)))];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new RemoteException($"not a Prometheus query answer ({e.Message})");
        }
    }
}

/// <summary>One series of an instant vector: its labels and value.</summary>
public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name) ?? "";
}

/// <summary>Prometheus could not be asked, or said no: what the status line shows.</summary>
public sealed class RemoteException(string message) : Exception(message);
