using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Relay;

/// <summary>
/// RouterOS's REST API (v7.1+) for one router: <c>POST /rest/ping {"address":…,"count":"1"}</c> with HTTP Basic
/// authentication, as deadman does. TLS certificates are verified unless the line says <c>verify=false</c>; one
/// connection pool per router serves all its targets.
/// </summary>
internal sealed partial class RouterOsClient : IDisposable
{
    private const double MaxMicroseconds = 86_400_000_000;

    private readonly HttpClient _http;
    private readonly Uri _ping;
    private readonly string _relay;

    public RouterOsClient(RouterOsProbeSpec spec, ProbeTiming timing)
    {
        _relay = spec.Relay;
        _ping = new Uri($"{spec.Method}://{HostPart(spec.Relay)}/rest/ping");
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1), ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (!spec.Verify)
        {
            // The operator asked for it on this line (a router with its factory self-signed certificate).
#pragma warning disable CA5359 // verify=false is an explicit, per-line choice; the default verifies
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
#pragma warning restore CA5359
        }

        // The router's own ping waits up to a second for the reply; allow that and the round trip to the router.
        _http = new HttpClient(handler) { Timeout = timing.Timeout + TimeSpan.FromSeconds(2) };
        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{spec.Username}:{spec.Password.Reveal()}"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
    }

    public async Task<ProbeResult> PingAsync(IPAddress target, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await _http.PostAsJsonAsync(_ping, new Dictionary<string, string>
            {
                ["address"] = target.ToString(),
                ["count"] = "1",
            }, RouterOsJson.Default.DictionaryStringString, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return Failed("authentication failed (401): check username= and password=");
            }

            if (!response.IsSuccessStatusCode)
            {
                return Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            using JsonDocument json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                                                                   cancellationToken: cancellationToken).ConfigureAwait(false);
            return Interpret(json.RootElement, _relay);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(ProbeOutcome.RelayTimeout, $"relay {_relay}: no answer from the REST API in time");
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            return Failed("TLS certificate not trusted (verify=false on the line skips the check)");
        }
        catch (HttpRequestException e)
        {
            return Failed(e.HttpRequestError == HttpRequestError.NameResolutionError ? "name does not resolve" : e.Message);
        }
        catch (JsonException)
        {
            return Failed("answer is not RouterOS ping JSON");
        }
    }

    // [{"host":"…","seq":"0","size":"56","ttl":"64","time":"1ms49us","sent":"1","received":"1","packet-loss":"0"}],
    // or "status":"timeout" (or "host unreachable") with received "0".
    /// <summary>What the REST API's ping answer means; anything that is not its JSON is a relay failure.</summary>
    public static ProbeResult Interpret(JsonElement root, string relay)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0 || root[0].ValueKind != JsonValueKind.Object)
        {
            return Failed(relay, "answer is not RouterOS ping JSON");
        }

        JsonElement first = root[0];
        string? Field(string name) => first.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? Text(v) : null;
        if (Field("time") is { } time && ParseDuration(time) is { } rtt)
        {
            byte? ttl = byte.TryParse(Field("ttl"), NumberStyles.None, CultureInfo.InvariantCulture, out byte t) ? t : null;
            return ProbeResult.Reply(rtt, ttl);
        }

        return Field("status") is { } status && status != "timeout"
            ? ProbeResult.Failed(status.Contains("unreachable", StringComparison.Ordinal) ? ProbeOutcome.Unreachable : ProbeOutcome.Error, $"router: {status}")
            : ProbeResult.Timeout();
    }

    // JSON that is not UTF-8 inside a string (a broken or hostile API) parses, but will not become a string.
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>RouterOS durations: "453us", "1ms49us", "12ms", "1s20ms"; null for anything else, or over a day.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        MatchCollection parts = DurationPart().Matches(text);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != text.Length)
        {
            return null;
        }

        double micros = 0;
        foreach (Match part in parts)
        {
            double value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            micros += value * part.Groups[2].Value switch { "us" => 1, "ms" => 1_000, "s" => 1_000_000, "m" => 60_000_000, _ => 3_600_000_000 };
        }

        return micros <= MaxMicroseconds ? TimeSpan.FromMicroseconds(micros) : null;
    }

    private ProbeResult Failed(string why) => Failed(_relay, why);

    private static ProbeResult Failed(string relay, string why) => ProbeResult.Failed(ProbeOutcome.RelayFailed, $"relay {relay}: {why}");

    // "router", "192.0.2.1", "192.0.2.1:8443", "2001:db8::1", "[2001:db8::1]:8443"
    private static string HostPart(string relay) =>
        IPAddress.TryParse(relay, out IPAddress? address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{relay}]" : relay;

    // [0-9], not \d: other scripts' digits are no RouterOS number and no invariant parse reads them.
    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(us|ms|s|m|h)")]
    private static partial Regex DurationPart();

    public void Dispose() => _http.Dispose();
}
