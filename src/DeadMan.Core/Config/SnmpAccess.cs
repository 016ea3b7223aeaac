namespace DeadMan.Core.Config;

/// <summary>
/// How a host line asks an SNMP agent: its own <c>community=</c> (v2c), or <c>snmp=NAME</c>, naming a
/// <c>[snmp.credentials.NAME]</c> of deadman.toml (a v2c community or a v3 user), so no secret sits in the host list.
/// </summary>
public sealed record SnmpAccess(Secret? Community, string? Credentials)
{
    /// <summary>What --check shows: the name, or the community masked.</summary>
    public KeyValuePair<string, string> DisplayOption() =>
        Credentials is { } name ? KeyValuePair.Create("snmp", name) : KeyValuePair.Create("community", Secret.Mask);

    /// <summary>What tells two accesses apart without showing a secret.</summary>
    public string Identity => Credentials is { } name ? $"snmp={name}" : Community?.Fingerprint() ?? "";

    /// <summary>
    /// Reads community= and snmp= of a line that needs one of them; reports neither or both at the option that
    /// <paramref name="needs"/> it.
    /// </summary>
    internal static SnmpAccess? From(ConfigOption? community, ConfigOption? credentials, string needs, int column, Action<int, string> report)
    {
        if (community is not null && credentials is { } both)
        {
            report(both.KeyColumn, "give community= or snmp=NAME, not both");
            return null;
        }

        if (credentials is { Value.Length: 0 } empty)
        {
            report(empty.ValueColumn, "snmp= names a [snmp.credentials.NAME] of deadman.toml");
            return null;
        }

        if (community is null && credentials is null)
        {
            report(column, $"{needs} needs community=COMMUNITY (SNMPv2c) or snmp=NAME ([snmp.credentials.NAME] in deadman.toml)");
            return null;
        }

        return new SnmpAccess(community is { } c ? new Secret(c.Value) : null, credentials?.Value);
    }
}
