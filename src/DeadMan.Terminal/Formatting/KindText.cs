using System.Globalization;
using DeadMan.Core.Config;

namespace DeadMan.Terminal.Formatting;

/// <summary>
/// A probe kind as the table's KIND column says it, with the one figure that tells rows of a kind apart:
/// <c>tcp 443</c>, <c>dns AAAA</c>, <c>icmp 1472</c> (an echo of another size than ping's), <c>https</c>, <c>netns</c>, <c>ssh</c>.
/// </summary>
public static class KindText
{
    public static string Of(ProbeSpec probe) => probe switch
    {
        TcpProbeSpec t => "tcp " + t.Port.ToString(CultureInfo.InvariantCulture),
        DnsProbeSpec d => "dns " + d.Type,
        // -k as curl has it: the certificate is not checked (tls-verify=off), which the row must not hide.
        HttpProbeSpec h => h.Url.Scheme + (h.Verify || !h.Tls ? "" : " -k"),
        RouterOsProbeSpec => "routeros",
        _ when EchoSize.Of(probe) is { } echo && echo.PayloadBytes != EchoSize.DefaultPayload =>
            ProbeKindNames.Of(probe.Kind) + " " + echo.PayloadBytes.ToString(CultureInfo.InvariantCulture),
        _ => ProbeKindNames.Of(probe.Kind),
    };
}
