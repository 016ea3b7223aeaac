namespace DeadMan.Core.Settings;

/// <summary>[prometheus]: basic authentication (<paramref name="User"/> and <paramref name="Password"/>) or a bearer token, or neither.</summary>
public sealed record PrometheusLogin(string? User, Config.Secret? Password, Config.Secret? Token)
{
    public static readonly PrometheusLogin None = new(null, null, null);

    /// <summary>The Authorization header's value; null to send none.</summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue? Header() =>
        Token is { } token ? new("Bearer", token.Reveal())
        : User is { } user && Password is { } password ? new("Basic", System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password.Reveal()}")))
        : null;
}
