using System.Security.Cryptography;
using System.Text;
using DeadMan.Core.Settings;
using Microsoft.AspNetCore.Http;

namespace DeadMan.Core.Web;

/// <summary>
/// Who may read the operator's page and API: anyone, or whoever brings the token (<c>Authorization: Bearer</c> or
/// <c>?token=</c>) or the login (HTTP basic authentication). Compared in constant time, so the answer's timing does
/// not tell how much of a guess was right.
/// </summary>
internal sealed class WebAccess
{
    private readonly byte[]? _token;
    private readonly byte[]? _login;

    public WebAccess(WebSettings settings)
    {
        _token = settings.Token is { } token ? Encoding.UTF8.GetBytes(token.Reveal()) : null;
        _login = settings.Login is { } login ? Encoding.UTF8.GetBytes($"{login.User}:{login.Password.Reveal()}") : null;
        // A browser asks its user for a login only when told Basic; with a token alone, Bearer says what to bring.
        Challenge = _login is not null ? "Basic realm=\"deadman\", charset=\"UTF-8\"" : "Bearer realm=\"deadman\"";
        Asks = (_token, _login) switch
        {
            (not null, not null) => "its token (Authorization: Bearer TOKEN, or ?token=TOKEN) or its user and password",
            (not null, null) => "its token (Authorization: Bearer TOKEN, or ?token=TOKEN)",
            _ => "its user and password",
        };
    }

    /// <summary>The WWW-Authenticate header of a refusal.</summary>
    public string Challenge { get; }

    /// <summary>What a refusal says to bring.</summary>
    public string Asks { get; }

    /// <summary>True when the view asks for a token or a login at all.</summary>
    public bool Guarded => _token is not null || _login is not null;

    public bool Allows(HttpRequest request)
    {
        if (!Guarded)
        {
            return true;
        }

        string? header = request.Headers.Authorization is [{ } value] ? value : null;
        if (_token is not null)
        {
            string? given = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
                : request.Query["token"] is [{ } query] ? query
                : null;
            if (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token))
            {
                return true;
            }
        }

        return _login is not null && header is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            && Decoded(header[6..].Trim()) is { } pair && CryptographicOperations.FixedTimeEquals(pair, _login);
    }

    /// <summary>The user of the HTTP basic login the request came with, if it came with the right one.</summary>
    public string? UserOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization is [{ } value] ? value : null;
        return _login is not null && header is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            && Decoded(header[6..].Trim()) is { } pair && CryptographicOperations.FixedTimeEquals(pair, _login)
            ? Encoding.UTF8.GetString(pair).Split(':', 2)[0]
            : null;
    }

    private static byte[]? Decoded(string base64)
    {
        byte[] bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out int written) ? bytes[..written] : null;
    }
}
