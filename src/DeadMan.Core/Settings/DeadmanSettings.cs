using DeadMan.Core.Health;

namespace DeadMan.Core.Settings;

/// <summary>deadman.toml, read and checked: what does not belong on a host line.</summary>
/// <param name="File">Where it was read from; null when there is none.</param>
public sealed record DeadmanSettings(string? File, OptionDefaults Options, HealthSettings Health, AlertSettings Alert)
{
    public static readonly DeadmanSettings None = new(null, OptionDefaults.None, HealthSettings.Default, AlertSettings.None);

    public WebSettings Web { get; init; } = WebSettings.None;

    /// <summary>What works but should not be so (a user authenticating with MD5), said at start and by --check.</summary>
    public IReadOnlyList<string> Warnings => [.. Snmp.Values.Where(c => c.User?.Auth == global::DeadMan.Core.Snmp.Usm.AuthProtocol.Md5)
        .Select(c => $"[snmp.credentials.{c.Name}] authenticates with HMAC-MD5, which agents still accept but MD5 is broken as a hash: use sha256 where the gear has it")];

    /// <summary>[snmp.credentials.NAME], by name: what a host line's snmp=NAME asks agents with.</summary>
    public IReadOnlyDictionary<string, SnmpCredentials> Snmp { get; init; } = new Dictionary<string, SnmpCredentials>();

    /// <summary>[prometheus]: how --from prometheus logs in to the server.</summary>
    public PrometheusLogin Prometheus { get; init; } = PrometheusLogin.None;

    /// <summary>[snmp.gauge.NAME], by name: what a host line's gauges= reads.</summary>
    public IReadOnlyDictionary<string, global::DeadMan.Core.Snmp.Gauges.GaugeDefinition> Gauges { get; init; } = new Dictionary<string, global::DeadMan.Core.Snmp.Gauges.GaugeDefinition>();
}
