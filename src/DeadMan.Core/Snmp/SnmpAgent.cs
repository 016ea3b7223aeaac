using System.Net;

namespace DeadMan.Core.Snmp;

/// <summary>
/// Where and how to ask an agent: v2c community, or an SNMPv3 user (<see cref="User"/>, which wins); per-try
/// timeout, retries (net-snmp's default is 1 s, 5).
/// </summary>
public sealed record SnmpAgent(IPEndPoint Endpoint, string Community, TimeSpan Timeout, int Retries)
{
    /// <summary>When set, the agent is asked with SNMPv3 as this user, and the community is not used.</summary>
    public Usm.UsmUser? User { get; init; }

    public static SnmpAgent V2c(IPEndPoint endpoint, string community) => new(endpoint, community, TimeSpan.FromSeconds(1), 2);

    public static SnmpAgent V3(IPEndPoint endpoint, Usm.UsmUser user) => new(endpoint, "", TimeSpan.FromSeconds(1), 2) { User = user };
}
