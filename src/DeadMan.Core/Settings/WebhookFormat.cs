namespace DeadMan.Core.Settings;

public enum WebhookFormat
{
    Json,

    /// <summary>Slack's incoming webhook: <c>{"text": …}</c>, which Mattermost, Rocket.Chat and others read too.</summary>
    Slack,
}
