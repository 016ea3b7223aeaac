using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DeadMan.Core.Platform;

/// <summary>
/// Where probes that follow the default route leave from: its interface (from the kernel's IPv4 routing table, read,
/// never asked with a packet) and that interface's first IPv4 address. What the header names as "From:".
/// </summary>
public static class DefaultRoute
{
    private const string RouteTable = "/proc/net/route";

    /// <summary>The interface and address, or null without a default route (or off Linux).</summary>
    public static (string Interface, IPAddress? Address)? Source()
    {
        if (!File.Exists(RouteTable) || InterfaceOf(File.ReadAllText(RouteTable)) is not { } name)
        {
            return null;
        }

        IPAddress? address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.Name == name)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return (name, address);
    }

    /// <summary>The interface of the default route with the lowest metric, from <c>/proc/net/route</c>'s text.</summary>
    public static string? InterfaceOf(string table) =>
        table.Split('\n').Skip(1)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(f => f.Length >= 8 && f[1] == "00000000" && f[7] == "00000000" && IsUp(f[3]))
            .OrderBy(f => int.TryParse(f[6], NumberStyles.None, CultureInfo.InvariantCulture, out int metric) ? metric : int.MaxValue)
            .Select(f => f[0])
            .FirstOrDefault();

    // RTF_UP; a route to blackhole or unreachable has RTF_REJECT (0x0200) and leads nowhere.
    private static bool IsUp(string flags) =>
        int.TryParse(flags, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value) && (value & 0x1) != 0 && (value & 0x200) == 0;
}
