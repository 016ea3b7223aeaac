using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Alerts;

/// <summary>
/// Prometheus Alertmanager: each down or degraded host is an alert (DeadmanHostDown, DeadmanHostDegraded) posted to
/// <c>/api/v2/alerts</c> with labels name, address, group, severity (and vantage, with --vantage) and the reason as an
/// annotation; active alerts
/// are posted again every [alert] repeat, as Alertmanager expects, and resolved with endsAt when the host recovers.
/// Alertmanager does its own grouping, silences and routing (mail, Slack, pagers). An operator's acknowledgement is
/// a silence (<c>/api/v2/silences</c>) on the host's name and address (and vantage), created by whoever gave it, with
/// its note; when it ends, every active silence deadman made for the host is expired, so one from before a restart
/// goes too. A user and password in the URL
/// are sent as basic authentication (a proxy in front of Alertmanager), and a path prefix
/// (<c>http://noc/alertmanager</c>, <c>--web.route-prefix</c>) is kept.
/// </summary>
public sealed class AlertmanagerSender : IAlertRoute
{
    private static readonly string[] s_names = ["DeadmanHostDown", "DeadmanHostDegraded"];

    private readonly Dictionary<string, Alert> _active = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private const string SilenceMark = "deadman acknowledgement";

    // A silence for "until it is up" must still end some time, should deadman never see the host up again.
    private static readonly TimeSpan s_longestSilence = TimeSpan.FromDays(7);

    private readonly Uri _alerts;
    private readonly Uri _silences;
    private readonly Uri _silence;
    private readonly string? _login;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public AlertmanagerSender(Uri baseUrl, HttpClient http, TimeProvider time)
    {
        BaseUrl = baseUrl;
        (Uri bare, _login) = Text.UrlText.WithoutUser(baseUrl);
        // Relative to a base without its last slash, "api/v2/alerts" would replace the prefix's last segment.
        var root = new Uri(bare.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        _alerts = new Uri(root, "api/v2/alerts");
        _silences = new Uri(root, "api/v2/silences");
        _silence = new Uri(root, "api/v2/silence/");
        _http = http;
        _time = time;
    }

    public string Name => $"Alertmanager {Text.UrlText.Redacted(BaseUrl)}";

    public string Identity => $"alertmanager {BaseUrl}";

    public Uri BaseUrl { get; }

    /// <summary>Where alerts are posted.</summary>
    public Uri AlertsUrl => _alerts;

    public async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (notification.Acknowledgement is { } known)
        {
            TargetView t = notification.Changes[0].Target;
            return notification.AcknowledgementEnded is null
                ? await SilenceAsync(t, known, notification.Vantage, cancellationToken).ConfigureAwait(false)
                : await UnsilenceAsync(t, notification.Vantage, cancellationToken).ConfigureAwait(false);
        }

        if (notification.IsPathChange)
        {
            return "not for Alertmanager: a path change is no state";
        }

        var changed = new List<Alert>();
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (StateChange change in notification.Changes)
            {
                Track(change, notification.Vantage, notification.TraceOf(change)?.Summary(change.Target.KnownPathLength), now, changed);
            }
        }

        if (changed.Count == 0)
        {
            return "nothing to send";
        }

        await PostAsync(changed, cancellationToken).ConfigureAwait(false);
        return $"{changed.Count} alert(s) posted";
    }

    // One host's change, under the lock: the alert it no longer has is resolved, the one it now has fires; both go
    // into changed.
    private void Track(StateChange change, string? vantage, string? trace, DateTimeOffset now, List<Alert> changed)
    {
        TargetView t = change.Target;
        string host = $"{t.Spec.Name}\u001f{t.Spec.Address.Text}";
        string? firing = change.To switch
        {
            TargetStatus.Down when !t.Spec.ExpectDown => "DeadmanHostDown",
            TargetStatus.Degraded => "DeadmanHostDegraded",
            _ => null,
        };
        foreach (string name in s_names.Where(n => n != firing))
        {
            if (_active.Remove($"{host}\u001f{name}", out Alert? resolved))
            {
                changed.Add(resolved with { EndsAt = now });
            }
        }

        if (firing is not null)
        {
            var alert = new Alert(firing, t, Notification.Reason(change), change.At, null) { Vantage = vantage, Trace = trace };
            _active[$"{host}\u001f{firing}"] = alert;
            changed.Add(alert);
        }
    }

    public async Task RepeatAsync(CancellationToken cancellationToken)
    {
        List<Alert> active;
        lock (_lock)
        {
            active = [.. _active.Values];
        }

        if (active.Count > 0)
        {
            await PostAsync(active, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PostAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, _alerts, Body(alerts), cancellationToken).ConfigureAwait(false);
    }

    // The host's alerts silenced by its labels until the acknowledgement ends (a week at most when it lasts "until up").
    private async Task<string> SilenceAsync(TargetView t, Acknowledgement known, string? vantage, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset ends = known.Until ?? now + s_longestSilence;
        var silence = new AlertmanagerSilence(null, Matchers(t, vantage), now.ToString("O", CultureInfo.InvariantCulture),
            ends.ToString("O", CultureInfo.InvariantCulture), known.By, $"{SilenceMark}: {known.Note ?? "known problem"}", null);
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, _silences,
            JsonSerializer.SerializeToUtf8Bytes(silence, AlertJson.Default.AlertmanagerSilence), cancellationToken).ConfigureAwait(false);
        AlertmanagerSilenceCreated? created = await response.Content.ReadFromJsonAsync(AlertJson.Default.AlertmanagerSilenceCreated, cancellationToken).ConfigureAwait(false);
        return $"silence {created?.SilenceId} until {ends:yyyy-MM-dd HH:mm}Z";
    }

    // Every active silence deadman made for this host expires: its own of this run, or of a run before a restart.
    private async Task<string> UnsilenceAsync(TargetView t, string? vantage, CancellationToken cancellationToken)
    {
        List<AlertmanagerMatcher> matchers = Matchers(t, vantage);
        string filter = string.Concat(matchers.Select(m => $"&filter={Uri.EscapeDataString($"{m.Name}=\"{m.Value}\"")}"))[1..];
        using HttpResponseMessage listed = await SendAsync(HttpMethod.Get, new Uri($"{_silences}?{filter}"), null, cancellationToken).ConfigureAwait(false);
        List<AlertmanagerSilence> silences = await listed.Content.ReadFromJsonAsync(AlertJson.Default.ListAlertmanagerSilence, cancellationToken).ConfigureAwait(false) ?? [];
        int expired = 0;
        foreach (AlertmanagerSilence silence in silences.Where(s => s is { Status.State: "active", Id: not null } && s.Comment.StartsWith(SilenceMark, StringComparison.Ordinal)
                                                                 && s.Matchers.Count == matchers.Count && matchers.All(s.Matchers.Contains)))
        {
            using HttpResponseMessage gone = await SendAsync(HttpMethod.Delete, new Uri(_silence, Uri.EscapeDataString(silence.Id!)), null, cancellationToken).ConfigureAwait(false);
            expired++;
        }

        return $"{expired} silence(s) expired";
    }

    private static List<AlertmanagerMatcher> Matchers(TargetView t, string? vantage) =>
        [new("name", t.Spec.Name, false, true), new("address", t.Spec.Address.Text, false, true), .. vantage is null ? [] : new[] { new AlertmanagerMatcher("vantage", vantage, false, true) }];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (_login is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _login);
        }

        HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            response.EnsureSuccessStatusCode();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static byte[] Body(IReadOnlyList<Alert> alerts) =>
        JsonSerializer.SerializeToUtf8Bytes([.. alerts.Select(Shape)], AlertJson.Default.ListAlertmanagerAlert);

    private static AlertmanagerAlert Shape(Alert alert)
    {
        TargetView t = alert.Target;
        bool down = alert.Name == "DeadmanHostDown";
        return new AlertmanagerAlert(
            new AlertmanagerLabels(alert.Name, t.Spec.Name, t.Spec.Address.Text, t.Spec.Group, down ? "critical" : "warning", alert.Vantage),
            new AlertmanagerAnnotations($"{t.Spec.Name} ({t.Spec.Address.Text}) {(down ? "down" : "degraded")}", alert.Reason, alert.Trace),
            alert.StartsAt.ToString("O", CultureInfo.InvariantCulture),
            alert.EndsAt?.ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>One alert as Alertmanager knows it; <see cref="EndsAt"/> set once resolved.</summary>
    public sealed record Alert(string Name, TargetView Target, string Reason, DateTimeOffset StartsAt, DateTimeOffset? EndsAt)
    {
        public string? Vantage { get; init; }

        /// <summary>Where its path stops, as traced when it failed: the "trace" annotation.</summary>
        public string? Trace { get; init; }
    }
}
