using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Alerts;

/// <summary>
/// [[alert.webhook]]: one POST per notification. JSON carries every host; Slack's format a <c>text</c> that chat
/// tools (Slack, Mattermost, Rocket.Chat) show as it is. A user and password in the URL are sent as basic
/// authentication (HttpClient would drop them); the URL is never printed past its host (its path may be its key).
/// </summary>
public sealed class WebhookRouteSender(WebhookRoute route, HttpClient http) : IAlertRoute
{
    private readonly (Uri Url, string? Basic) _target = Text.UrlText.WithoutUser(route.Url);

    public string Name => $"webhook {Text.UrlText.Redacted(route.Url)}";

    public string Identity => $"webhook {route.Format} {route.Url} {string.Join(' ', route.Headers.Select(h => $"{h.Key}={h.Value.Fingerprint()}"))}";

    public async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        byte[] body = route.Format == WebhookFormat.Slack ? Slack(notification) : Json(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, _target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (_target.Basic is { } basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        foreach ((string name, Config.Secret value) in route.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value.Reveal());
        }

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return $"HTTP {(int)response.StatusCode}";
    }

    public static byte[] Json(Notification notification) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new WebhookBody(notification.Event, notification.Summary, notification.Vantage, notification.SelfSuspect, [.. notification.Changes.Select(c => Host(c, notification))],
                notification.Acknowledgement is { } known
                    ? new WebhookAcknowledgement(known.By, known.At.ToString("O", CultureInfo.InvariantCulture), known.AnyState ? "any" : StateWords.Name(known.For),
                                                 known.Until?.ToString("O", CultureInfo.InvariantCulture), known.Note, notification.AcknowledgementEnded)
                    : null),
            AlertJson.Default.WebhookBody);

    private static WebhookHost Host(StateChange change, Notification notification)
    {
        TargetView t = change.Target;
        Probing.Trace.PathTrace? trace = notification.TraceOf(change);
        return new WebhookHost(t.Spec.Name, t.Spec.Address.Text, t.Spec.Group, StateWords.Name(change.To), StateWords.Name(change.From),
            Notification.Reason(change), change.At.ToString("O", CultureInfo.InvariantCulture),
            // How long the state it left lasted: an outage's length on "up".
            change is { Lasted: { } lasted, From: not TargetStatus.Unknown } ? Math.Round(lasted.TotalSeconds, 1) : null,
            notification.LastHop(change),
            Shape(trace, t), Shape(notification.PathsBefore.GetValueOrDefault(t.Id), t));
    }

    private static WebhookTrace? Shape(Probing.Trace.PathTrace? trace, TargetView t) =>
        trace is null ? null : new WebhookTrace(trace.Summary(t.KnownPathLength), trace.Reached, Probing.Trace.HopRecord.Of(trace));

    // Slack reads &, < and > as markup: a host named "<!channel>" would page the whole channel.
    // https://api.slack.com/reference/surfaces/formatting#escaping
    private static string SlackEscaped(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static byte[] Slack(Notification notification)
    {
        var text = new StringBuilder();
        text.Append("deadman").Append(notification.Vantage is { } vantage ? $" ({vantage})" : "").Append(": ").Append(notification.Summary);
        if (notification.SelfSuspect is { } suspect)
        {
            text.Append('\n').Append(suspect);
        }

        if (notification.Changes.Count > 1)
        {
            foreach (StateChange change in notification.Changes)
            {
                text.Append("\n• ").Append(change.Target.Spec.Name).Append(" (").Append(change.Target.Spec.Address.Text).Append(") ")
                    .Append(StateWords.Name(change.To));
                if (Notification.Reason(change) is { Length: > 0 } reason)
                {
                    text.Append(": ").Append(reason);
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(new SlackBody(SlackEscaped(text.ToString())), AlertJson.Default.SlackBody);
    }
}
