namespace DeadMan.Core.Settings;

/// <summary>One [snmp.credentials.NAME]: a v2c community, or a v3 user (<see cref="User"/> set).</summary>
public sealed record SnmpCredentials(string Name, Config.Secret? Community, Snmp.Usm.UsmUser? User)
{
    /// <summary>"v2c", or the v3 user and its level, with no secret: for --check and logs.</summary>
    public string Describe() => User is { } user ? $"v3 {user}" : "v2c";
}
