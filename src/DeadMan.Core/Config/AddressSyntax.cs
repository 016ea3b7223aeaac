using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Config;

/// <summary>
/// Decides whether the address column is an IPv4 literal, an IPv6 literal (optionally scoped) or a host name,
/// more strictly than <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which takes "10.1" as 10.0.0.1.
/// </summary>
internal static class AddressSyntax
{
    private const int MaxHostNameLength = 253;
    private const int MaxLabelLength = 63;

    public static bool TryParse(string text, out TargetAddress address, out string error)
    {
        address = new TargetAddress(text, null, null);
        error = "";
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TryParseIPv6(text, ref address, out error);
        }

        if (LooksNumeric(text))
        {
            return TryParseIPv4(text, ref address, out error);
        }

        return IsHostName(text, out error);
    }

    private static bool TryParseIPv6(string text, ref TargetAddress address, out string error)
    {
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        string bare = percent < 0 ? text : text[..percent];
        string? scope = percent < 0 ? null : text[(percent + 1)..];
        if (scope is "")
        {
            error = $"invalid IPv6 address '{text}': empty zone after '%'";
            return false;
        }

        if (!IPAddress.TryParse(bare, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"invalid IPv6 address '{text}'";
            return false;
        }

        address = new TargetAddress(text, ip, scope);
        error = "";
        return true;
    }

    private static bool TryParseIPv4(string text, ref TargetAddress address, out string error)
    {
        string[] parts = text.Split('.');
        if (parts.Length != 4 || !parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255))
        {
            error = $"invalid IPv4 address '{text}'";
            return false;
        }

        if (parts.FirstOrDefault(p => p.Length > 1 && p[0] == '0') is { } padded)
        {
            error = $"invalid IPv4 address '{text}': leading zeros are ambiguous: {LeadingZeroAdvice(padded)}";
            return false;
        }

        // From the octets themselves: IPAddress.Parse would read a leading zero as octal.
        address = new TargetAddress(text, new IPAddress(parts.Select(p => byte.Parse(p, CultureInfo.InvariantCulture)).ToArray()), null);
        error = "";
        return true;
    }

    // inet_aton and many tools read 010 as octal 8; others as decimal 10. Say both, so the writer picks.
    private static string LeadingZeroAdvice(string octet)
    {
        string decimalValue = int.Parse(octet, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        if (octet.Any(c => c is '8' or '9'))
        {
            return $"some tools read {octet} as octal and reject it; write {decimalValue}";
        }

        string octalValue = Convert.ToInt32(octet, 8).ToString(CultureInfo.InvariantCulture);
        return decimalValue == octalValue
            ? $"some tools read {octet} as octal; write {decimalValue}"
            : $"some tools read {octet} as octal {octalValue}; write {decimalValue} or {octalValue}";
    }

    // All digits and dots cannot be a host name (the top-level label of a real name is never numeric).
    private static bool LooksNumeric(string text) => text.All(c => char.IsAsciiDigit(c) || c == '.');

    private static bool IsHostName(string text, out string error)
    {
        error = "";
        string name = text.EndsWith('.') ? text[..^1] : text;
        if (name.Length is 0 or > MaxHostNameLength)
        {
            error = $"invalid host name '{text}': length must be 1 to {MaxHostNameLength}";
            return false;
        }

        foreach (string label in name.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength)
            {
                error = $"invalid host name '{text}': empty or over-long label";
                return false;
            }

            int bad = label.AsSpan().IndexOfAnyExcept(s_hostNameChars);
            if (bad >= 0)
            {
                error = $"invalid host name '{text}': character '{label[bad]}' is not allowed";
                return false;
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                error = $"invalid host name '{text}': a label cannot start or end with '-'";
                return false;
            }
        }

        return true;
    }

    // Letters, digits, '-' and, as many internal zones use it, '_'. Non-ASCII names must be written in punycode.
    private static readonly System.Buffers.SearchValues<char> s_hostNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
