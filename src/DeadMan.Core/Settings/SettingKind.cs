namespace DeadMan.Core.Settings;

/// <summary>What a key of deadman.toml holds, and so how its value is checked.</summary>
internal enum SettingKind
{
    /// <summary>A [table] (or an inline table) whose keys are in the schema.</summary>
    Table,

    /// <summary>An [[array of tables]].</summary>
    TableArray,

    /// <summary>A string such as "60s", "500ms", "2m".</summary>
    Duration,

    /// <summary>Days or hours left: "14d", "48h" (a certificate's warning).</summary>
    TimeLeft,

    /// <summary>An integer from 1 to 1000 (consecutive probes).</summary>
    Count,

    /// <summary>The sparkline scale: an integer from 1 to 10000 (ms).</summary>
    Scale,
    Boolean,
    Path,

    /// <summary>"PORT", "ADDRESS:PORT" or "[IPv6]:PORT".</summary>
    Endpoint,

    /// <summary>A number above 0 and at most 100.</summary>
    Percent,

    /// <summary>A shell-style pattern: * and ?.</summary>
    Glob,

    /// <summary>A date and time with its zone's offset: "2026-12-08 09:00 +09:00" (ISO 8601's T and seconds allowed).</summary>
    ZonedTime,

    /// <summary>A weekly time: "sun 02:00", with an offset after it or in the machine's zone.</summary>
    Weekly,

    /// <summary>An absolute http:// or https:// URL, or where one lives ("env:NAME", "file:/path": a Slack URL is a secret).</summary>
    Url,

    /// <summary>"json" or "slack".</summary>
    WebhookFormat,

    /// <summary>An array of strings: the program, then its arguments.</summary>
    Command,

    /// <summary>A table of string values (HTTP headers).</summary>
    Headers,

    /// <summary>A secret string that guards access: 16 characters or more, given as it is or as "env:NAME" / "file:/path".</summary>
    Token,

    /// <summary>A non-empty string shown or matched as it is (a title, a user, a host or interface name).</summary>
    Text,

    /// <summary>A secret given as it is, or where to read it: "env:NAME" or "file:/path".</summary>
    SecretSource,

    /// <summary>"2c" or "3".</summary>
    SnmpVersion,

    /// <summary>An SNMPv3 authentication protocol: sha512, sha384, sha256, sha224, sha (SHA-1) or md5.</summary>
    SnmpAuth,

    /// <summary>An SNMPv3 privacy protocol: aes (AES-128).</summary>
    SnmpPriv,

    /// <summary>A numeric object identifier as a string: "1.3.6.1.2.1.1.3.0".</summary>
    Oid,

    /// <summary>A number, whole or not.</summary>
    Number,

    /// <summary>An array of environment variables' names (PAGER_TOKEN), passed on to a command.</summary>
    EnvironmentNames,

    /// <summary>Where a deadman stands: a short name for labels and screens (letters, digits, '.', '_', '-').</summary>
    Vantage,
}
