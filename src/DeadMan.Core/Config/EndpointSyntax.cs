using System.Globalization;
using System.Net;

namespace DeadMan.Core.Config;

/// <summary>
/// The one reader of <c>host:port</c> everywhere deadman takes one (a via=snmp agent, <c>--metrics</c>):
/// <c>ADDRESS</c>, <c>ADDRESS:PORT</c>, an IPv6 address bare or as <c>[IPv6]:PORT</c>, and <c>localhost</c>.
/// Addresses are read as the host file reads them (dotted quads only: no "10.1" shorthands, no leading zeros).
/// </summary>
public static class EndpointSyntax
{
    /// <param name="defaultPort">The port when none is written; null when one must be.</param>
    /// <param name="portAlone">A bare number is a port on loopback (<c>--metrics 9100</c>).</param>
    public static bool TryParse(string text, int? defaultPort, bool portAlone, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (portAlone && text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return TryPort(text, out int alone) && Set(IPAddress.Loopback, alone, out endpoint);
        }

        string host = text;
        string? portText = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                return false;
            }

            host = text[1..close];
            portText = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            (host, portText) = (text[..colon], text[(colon + 1)..]);
        }

        int port = 0;
        bool hasPort = portText is null ? defaultPort is { } d && (port = d) > 0 : TryPort(portText, out port);
        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : AddressSyntax.TryParse(host, out TargetAddress parsed, out _) ? parsed.Literal
            : null;
        return hasPort && address is not null && Set(address, port, out endpoint);
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    private static bool Set(IPAddress address, int port, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
