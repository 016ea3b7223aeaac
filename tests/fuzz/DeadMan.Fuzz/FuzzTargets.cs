namespace DeadMan.Fuzz;

/// <summary>Every fuzz target by the name scripts/fuzz and the corpus folders use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>
    {
        ["config"] = ConfigTarget.Run,
        ["snmp-message"] = SnmpMessageTarget.Run,
        ["snmp-v3-message"] = SnmpV3MessageTarget.Run,
        ["icmp-reply"] = IcmpReplyTarget.Run,
        ["ping-line"] = PingLineTarget.Run,
        ["routeros"] = RouterOsTarget.Run,
        ["snmp-ping"] = SnmpPingTarget.Run,
        ["settings"] = SettingsTarget.Run,
        ["prometheus-answer"] = PrometheusAnswerTarget.Run,
        ["dns-answer"] = DnsAnswerTarget.Run,
    };
}
