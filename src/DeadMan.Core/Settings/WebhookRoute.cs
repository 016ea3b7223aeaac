namespace DeadMan.Core.Settings;

/// <summary>A [[alert.webhook]]: one POST per notification; header values may hold a token.</summary>
public sealed record WebhookRoute(Uri Url, WebhookFormat Format, IReadOnlyDictionary<string, Config.Secret> Headers);
