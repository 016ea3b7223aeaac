using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Snmp;

/// <summary>
/// Turns a host line's SNMP access into an agent to ask: its own community, or the named credentials of
/// deadman.toml. A reload of the settings replaces the credentials; agents made after it use the new ones.
/// </summary>
public sealed class SnmpAgentBook(IReadOnlyDictionary<string, SnmpCredentials> credentials)
{
    private volatile IReadOnlyDictionary<string, SnmpCredentials> _credentials = credentials;

    public static SnmpAgentBook Empty => new(new Dictionary<string, SnmpCredentials>());

    public void Replace(IReadOnlyDictionary<string, SnmpCredentials> credentials) => _credentials = credentials;

    /// <summary>The agent at <paramref name="endpoint"/> as <paramref name="access"/> says to ask it; null when it names credentials there are not.</summary>
    public SnmpAgent? Agent(IPEndPoint endpoint, SnmpAccess access, TimeSpan timeout, int retries)
    {
        if (access.Credentials is not { } name)
        {
            return new SnmpAgent(endpoint, access.Community!.Reveal(), timeout, retries);
        }

        return _credentials.TryGetValue(name, out SnmpCredentials? found)
            ? new SnmpAgent(endpoint, found.Community?.Reveal() ?? "", timeout, retries) { User = found.User }
            : null;
    }

    /// <summary>Every host line naming credentials deadman.toml does not have, as the problems a load or reload reports.</summary>
    public static IEnumerable<ConfigDiagnostic> Unknown(ConfigResult config, string configFile, IReadOnlyDictionary<string, SnmpCredentials> credentials)
    {
        foreach (TargetSpec target in config.Targets)
        {
            foreach (SnmpAccess access in new[] { target.Traffic?.Access, (target.Probe as SnmpPingProbeSpec)?.Access }.OfType<SnmpAccess>())
            {
                if (access.Credentials is { } name && !credentials.ContainsKey(name))
                {
                    string known = credentials.Count == 0 ? "deadman.toml has no [snmp.credentials.…]" : $"deadman.toml has {string.Join(", ", credentials.Keys.Order(StringComparer.Ordinal))}";
                    yield return new ConfigDiagnostic(configFile, target.Line, 1, $"snmp={name}: no [snmp.credentials.{name}] ({known})");
                }
            }
        }
    }
}
