using System.Net;

namespace DeadMan.Core.Snmp;

/// <summary>Where and how to ask an agent: v2c community, per-try timeout, retries (net-snmp's default is 1 s, 5).</summary>
public sealed record SnmpAgent(IPEndPoint Endpoint, string Community, TimeSpan Timeout, int Retries)
{
    public static SnmpAgent V2c(IPEndPoint endpoint, string community) => new(endpoint, community, TimeSpan.FromSeconds(1), 2);
}
