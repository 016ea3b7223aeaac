using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Gauges;

namespace DeadMan.Core.Settings;

/// <summary>
/// What deadman.toml's [snmp] says to a host line: its SNMP access becomes an agent to ask (its own community, or
/// the named credentials), its gauges= become the gauges to read. A reload of the settings replaces both; agents and
/// gauges made after it use the new ones.
/// </summary>
public sealed class SnmpAgentBook(DeadmanSettings settings)
{
    private volatile DeadmanSettings _settings = settings;

    public static SnmpAgentBook Empty => new(DeadmanSettings.None);

    public void Replace(DeadmanSettings settings) => _settings = settings;

    /// <summary>The agent at <paramref name="endpoint"/> as <paramref name="access"/> says to ask it; null when it names credentials there are not.</summary>
    public SnmpAgent? Agent(IPEndPoint endpoint, SnmpAccess access, TimeSpan timeout, int retries)
    {
        if (access.Credentials is not { } name)
        {
            return new SnmpAgent(endpoint, access.Community!.Reveal(), timeout, retries);
        }

        return _settings.Snmp.TryGetValue(name, out SnmpCredentials? found)
            ? new SnmpAgent(endpoint, found.Community?.Reveal() ?? "", timeout, retries) { User = found.User }
            : null;
    }

    /// <summary>The gauges a line's gauges= lists, in its order; names deadman.toml lacks were refused at load.</summary>
    public IReadOnlyList<GaugeDefinition> Gauges(TrafficSpec spec)
    {
        IReadOnlyDictionary<string, GaugeDefinition> known = _settings.Gauges;
        return [.. spec.Gauges.Select(name => known.GetValueOrDefault(name)).OfType<GaugeDefinition>()];
    }

    /// <summary>Every host line naming credentials or gauges deadman.toml does not have, as the problems a load or reload reports.</summary>
    public static IEnumerable<ConfigDiagnostic> Unknown(ConfigResult config, string configFile, DeadmanSettings settings)
    {
        foreach (TargetSpec target in config.Targets)
        {
            foreach (SnmpAccess access in new[] { target.Traffic?.Access, (target.Probe as SnmpPingProbeSpec)?.Access }.OfType<SnmpAccess>())
            {
                if (access.Credentials is { } name && !settings.Snmp.ContainsKey(name))
                {
                    yield return new ConfigDiagnostic(configFile, target.Line, 1, $"snmp={name}: no [snmp.credentials.{name}] ({Known(settings.Snmp.Keys, "snmp.credentials")})");
                }
            }

            foreach (string gauge in target.Traffic?.Gauges ?? [])
            {
                if (!settings.Gauges.ContainsKey(gauge))
                {
                    yield return new ConfigDiagnostic(configFile, target.Line, 1, $"gauges={gauge}: no [snmp.gauge.{gauge}] ({Known(settings.Gauges.Keys, "snmp.gauge")})");
                }
            }
        }
    }

    private static string Known(IEnumerable<string> names, string table) =>
        names.Any() ? $"deadman.toml has {string.Join(", ", names.Order(StringComparer.Ordinal))}" : $"deadman.toml has no [{table}.…]";
}
