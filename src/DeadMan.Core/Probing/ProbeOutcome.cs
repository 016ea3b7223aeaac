namespace DeadMan.Core.Probing;

/// <summary>How one probe ended. <see cref="Reply"/> and <see cref="Refused"/> count as answers.</summary>
public enum ProbeOutcome : byte
{
    Reply = 1,
    Timeout,
    Unreachable,
    TimeExceeded,
    Error,
    Unresolved,

    /// <summary>The host answered a TCP SYN with a reset: alive, the port closed.</summary>
    Refused,

    /// <summary>The relay (ssh, API, SNMP agent) could not be reached or refused us: the target's state is unknown.</summary>
    RelayFailed,

    /// <summary>The relay is connected but said nothing about this probe in time.</summary>
    RelayTimeout,

    /// <summary>
    /// The service answered, but not as the file asks: a DNS server's SERVFAIL, NXDOMAIN or REFUSED, no record of the
    /// type, an answer without what dns-expect= wants. Not an answer: the service is broken. The detail says how.
    /// </summary>
    Wrong,

    /// <summary>
    /// The echo was larger than the path carries and a router (or this host's own link) said so: IPv4's
    /// "fragmentation needed" with don't-fragment set, IPv6's "packet too big". The detail names the MTU and where.
    /// </summary>
    TooBig,
}
