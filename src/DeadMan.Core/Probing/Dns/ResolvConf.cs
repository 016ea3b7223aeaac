using System.Net;

namespace DeadMan.Core.Probing.Dns;

/// <summary>
/// The name servers a resolv.conf lists, as the C library reads them: <c>nameserver</c> lines, the first three
/// (MAXNS), port 53. For a network namespace, <c>ip netns exec</c> puts <c>/etc/netns/NAME/resolv.conf</c> over
/// <c>/etc/resolv.conf</c> when it exists; a socket opened in the namespace without it follows the same rule here.
/// </summary>
internal static class ResolvConf
{
    private const int MostServers = 3;

    /// <summary>The file a process in <paramref name="ns"/> (null: this one) reads.</summary>
    public static string PathFor(string? ns) =>
        ns is not null && File.Exists($"/etc/netns/{ns}/resolv.conf") ? $"/etc/netns/{ns}/resolv.conf" : "/etc/resolv.conf";

    /// <summary>The servers <paramref name="path"/> lists; none when it is missing or unreadable (no names, nothing asked).</summary>
    public static IReadOnlyList<IPEndPoint> Servers(string path)
    {
        try
        {
            return Read(File.ReadLines(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static IReadOnlyList<IPEndPoint> Read(IEnumerable<string> lines)
    {
        var servers = new List<IPEndPoint>(MostServers);
        foreach (string line in lines)
        {
            string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words is ["nameserver", var server, ..] && IPAddress.TryParse(server, out IPAddress? address) && servers.Count < MostServers)
            {
                servers.Add(new IPEndPoint(address, 53));
            }
        }

        return servers;
    }
}
