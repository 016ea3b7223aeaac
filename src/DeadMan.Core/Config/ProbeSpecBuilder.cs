using System.Globalization;
using System.Net.Sockets;

namespace DeadMan.Core.Config;

/// <summary>
/// Turns a line's options into a typed <see cref="ProbeSpec"/>, choosing the kind in deadman's order:
/// <c>tcp</c>, then <c>via</c>, then an ssh <c>relay</c>, else ICMP; before all of them DeadMan's own <c>dns</c>,
/// which takes none of the others, and <c>url</c>, which takes only <c>source</c>.
/// </summary>
internal static class ProbeSpecBuilder
{
    /// <param name="fileName">The file the line is in: <c>tls-ca=</c> names a file beside it.</param>
    public static ProbeSpec? Build(IReadOnlyList<ConfigOption> options, string fileName, Action<int, string> report)
    {
        var set = new OptionLookup(options, report);
        string? source = set.Value("source");
        if (set.Find("dns") is { } dns)
        {
            return RefusesEcho(set, "dns=", report) || Strays(set, s_httpOnly, "url=URL", report) ? null : BuildDns(dns, set, report);
        }

        if (Strays(set, s_dnsOnly, "dns=NAME", report))
        {
            return null;
        }

        if (set.Find("url") is { } url)
        {
            return RefusesEcho(set, "url=", report) ? null : HttpSpecBuilder.Build(url, set, fileName, report);
        }

        if (Strays(set, s_httpOnly, "url=URL", report))
        {
            return null;
        }

        if (set.Find("tcp") is { } tcp)
        {
            return RefusesEcho(set, "tcp=", report) ? null : ParseTcp(tcp, source, report);
        }

        if (!TryEcho(set, report, out EchoSize? echo))
        {
            return null;
        }

        if (set.Find("via") is { } via)
        {
            return via.Value is not ("snmp" or "routeros_api") || !RefusesEcho(set, $"via={via.Value} (the agent or router pings)", report)
                ? BuildRelayed(via, set, source, echo, report)
                : null;
        }

        if (set.Find("relay") is { } sshHost)
        {
            if (RefusesEcho(set, "an ssh relay (it pings with the relay's own ping)", report))
            {
                return null;
            }

            // ssh gets it after "--" in an argument array either way; refusing what no host name looks like makes
            // the mistake (or the attempt) visible at load time instead of as a failing relay.
            if (!IsHostLike(sshHost.Value))
            {
                report(sshHost.ValueColumn, $"relay '{sshHost.Value}' is not a host name or address");
                return null;
            }

            if (set.Find("source") is { } relaySource)
            {
                set.Report(relaySource, "source= with an ssh relay is not supported: the relay pings from its own addresses (set it on the relay's side)");
                return null;
            }

            if (set.Find("os") is { } os && SshRelayProbeSpec.UnsupportedOs(os.Value) is { } unsupported)
            {
                set.Report(os, unsupported);
                return null;
            }

            return new SshRelayProbeSpec(sshHost.Value, set.Value("user"), set.Value("key"), set.Value("os"));
        }

        if (set.Value("netns") is { } ns)
        {
            return new NetnsProbeSpec(ns, source, echo);
        }

        return new IcmpProbeSpec(source, echo);
    }

    // The kinds that send our own echo from this machine take size= and df=; the others send none.
    private static readonly string[] s_echoOnly = ["size", "df", "pmtu"];

    private static bool RefusesEcho(OptionLookup set, string kind, Action<int, string> report)
    {
        foreach (string key in s_echoOnly)
        {
            if (set.Find(key) is { } option)
            {
                report(option.KeyColumn, $"{key}= goes with the ICMP echo this machine sends (plain, source=, via=netns, via=vrf), not with {kind}");
                return true;
            }
        }

        return false;
    }

    // size= as ping -s counts it, df=on and pmtu=on; null when the line sets none of them.
    private static bool TryEcho(OptionLookup set, Action<int, string> report, out EchoSize? echo)
    {
        echo = null;
        int payload = EchoSize.DefaultPayload;
        if (set.Find("size") is { } size
            && !(int.TryParse(size.Value, NumberStyles.None, CultureInfo.InvariantCulture, out payload) && payload is >= EchoSize.MinimumPayload and <= EchoSize.MaximumPayload))
        {
            report(size.ValueColumn, $"invalid size '{size.Value}' (payload bytes after the ICMP header, as ping -s counts them: {EchoSize.MinimumPayload} to {EchoSize.MaximumPayload})");
            return false;
        }

        string? df = set.OneOf("df", ["on", "off"]);
        if (df is null && set.Find("df") is not null)
        {
            return false;
        }

        string? pmtu = set.OneOf("pmtu", ["on", "off"]);
        if (pmtu is null && set.Find("pmtu") is not null)
        {
            return false;
        }

        echo = set.Find("size") is null && df is null && pmtu is null ? null : new EchoSize(payload, df == "on", pmtu == "on");
        return true;
    }

    private static readonly string[] s_dnsOnly = ["dns-type", "dns-expect", "dns-tcp"];

    private static readonly string[] s_httpOnly = [.. HttpSpecBuilder.Keys];

    // An option of one kind on a line of another: reported, as the line would otherwise probe something else silently.
    private static bool Strays(OptionLookup set, string[] keys, string needs, Action<int, string> report)
    {
        foreach (string key in keys)
        {
            if (set.Find(key) is { } stray)
            {
                report(stray.KeyColumn, $"{key}= needs {needs} on the same line");
                return true;
            }
        }

        return false;
    }

    // The probe options a DNS question cannot take: it goes from this machine straight to the row's address.
    private static readonly string[] s_notWithDns = ["tcp", "via", "relay", "netns", "source"];

    private static DnsProbeSpec? BuildDns(ConfigOption dns, OptionLookup set, Action<int, string> report)
    {
        foreach (string key in s_notWithDns)
        {
            if (set.Find(key) is { } other)
            {
                report(other.KeyColumn, $"{key}= cannot go with dns=: the question goes from this machine to the row's address");
                return null;
            }
        }

        // A name, or an address whose reverse name dns-type=PTR asks for.
        string query = dns.Value.TrimEnd('.');
        bool address = System.Net.IPAddress.TryParse(query, out _);
        if (!address && (query.Length is 0 or > 253 || !query.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
        {
            report(dns.ValueColumn, $"dns '{dns.Value}' is not a name to ask for (labels of letters, digits, '-' and '_', at most 253 characters)");
            return null;
        }

        string type = "A";
        if (set.Find("dns-type") is { } typeOption)
        {
            type = typeOption.Value.ToUpperInvariant();
            if (!DnsProbeSpec.Types.Contains(type))
            {
                report(typeOption.ValueColumn, $"invalid dns-type '{typeOption.Value}' (expected {string.Join(", ", DnsProbeSpec.Types)})");
                return null;
            }
        }

        if (address && type != "PTR")
        {
            report(dns.ValueColumn, $"dns '{dns.Value}' is an address: its name is asked for with dns-type=PTR");
            return null;
        }

        DnsExpectation? expect = null;
        if (set.Find("dns-expect") is { } expectOption)
        {
            expect = DnsExpectation.Parse(expectOption.Value);
            AddressFamily? answers = type switch { "A" => AddressFamily.InterNetwork, "AAAA" => AddressFamily.InterNetworkV6, _ => null };
            if (expect.Family is { } family && family != answers)
            {
                string what = expect.Prefix is null ? "address" : "prefix";
                report(expectOption.ValueColumn, $"{type} answers never hold the {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} {what} '{expectOption.Value}'"
                    + (answers is null ? " (an address or prefix goes with dns-type=A or AAAA)" : ""));
                return null;
            }
        }

        string? tcp = set.OneOf("dns-tcp", ["on", "off"]);
        return tcp is null && set.Find("dns-tcp") is not null ? null : new DnsProbeSpec(query, type, expect, tcp == "on");
    }

    private static ProbeSpec? BuildRelayed(ConfigOption via, OptionLookup set, string? source, EchoSize? echo, Action<int, string> report)
    {
        switch (via.Value)
        {
            case "netns":
                string? ns = set.Value("relay") ?? set.Require(via, "netns", "via=netns needs relay=NAMESPACE");
                return ns is null ? null : new NetnsProbeSpec(ns, source, echo);
            case "vrf":
                return set.Require(via, "relay", "via=vrf needs relay=VRF") is { } vrf ? new VrfProbeSpec(vrf, source, echo) : null;
            case "snmp":
                string? agent = set.Require(via, "relay", "via=snmp needs relay=AGENT");
                SnmpAccess? access = SnmpAccess.From(set.Find("community"), set.Find("snmp"), "via=snmp", via.KeyColumn, report);
                if (agent is not null && !EndpointSyntax.TryParse(agent, SnmpPingProbeSpec.DefaultPort, portAlone: false, out _))
                {
                    set.Report(set.Find("relay")!.Value, $"relay '{agent}' for via=snmp must be an IP address, with :PORT if not {SnmpPingProbeSpec.DefaultPort}");
                    return null;
                }

                return agent is null || access is null ? null : new SnmpPingProbeSpec(agent, access);
            case "routeros_api":
                return BuildRouterOs(via, set);
            default:
                report(via.ValueColumn, $"unknown via '{via.Value}' (expected netns, vrf, snmp or routeros_api)");
                return null;
        }
    }

    private static RouterOsProbeSpec? BuildRouterOs(ConfigOption via, OptionLookup set)
    {
        string? relay = set.Require(via, "relay", "via=routeros_api needs relay=HOST");
        if (relay is not null && !IsHostLike(relay) && set.Find("relay") is { } relayOption)
        {
            set.Report(relayOption, $"relay '{relay}' is not a host name or address (HOST, HOST:PORT or [IPv6]:PORT)");
            relay = null;
        }

        string? user = set.Require(via, "username", "via=routeros_api needs username=USER");
        string? password = set.Require(via, "password", "via=routeros_api needs password=PASSWORD");
        string method = set.OneOf("method", ["https", "http"]) ?? "https";
        bool verify = (set.OneOf("verify", ["true", "false"]) ?? "true") == "true";
        return relay is null || user is null || password is null
            ? null
            : new RouterOsProbeSpec(relay, user, new Secret(password), method, verify);
    }

    private static bool IsHostLike(string value) =>
        value.Length is > 0 and <= 253 && value[0] != '-'
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '%' or '[' or ']');

    // deadman's syntax is "tcp=dstport:80"; the comma-separated form leaves room for more settings.
    private static TcpProbeSpec? ParseTcp(ConfigOption tcp, string? source, Action<int, string> report)
    {
        int? port = null;
        int column = tcp.ValueColumn;
        foreach (string part in tcp.Value.Split(','))
        {
            string[] pair = part.Split(':', 2);
            if (pair.Length == 2 && pair[0] == "dstport"
                && int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is > 0 and <= 65535)
            {
                port = p;
            }
            else
            {
                report(column, $"invalid tcp setting '{part}' (expected dstport:1-65535)");
                return null;
            }

            column += part.Length + 1;
        }

        return new TcpProbeSpec(port!.Value, source);
    }

    /// <summary>Looks options up by key and reports what a kind is missing or got wrong.</summary>
    internal sealed class OptionLookup(IReadOnlyList<ConfigOption> options, Action<int, string> report)
    {
        public ConfigOption? Find(string key)
        {
            foreach (ConfigOption option in options)
            {
                if (option.Key == key)
                {
                    return option;
                }
            }

            return null;
        }

        public string? Value(string key) => Find(key)?.Value;

        public void Report(ConfigOption option, string message) => report(option.ValueColumn, message);

        public string? Require(ConfigOption via, string key, string message)
        {
            if (Value(key) is { } value)
            {
                return value;
            }

            report(via.KeyColumn, message);
            return null;
        }

        public string? OneOf(string key, string[] allowed)
        {
            if (Find(key) is not { } option)
            {
                return null;
            }

            string lower = option.Value.ToLowerInvariant();
            if (allowed.Contains(lower))
            {
                return lower;
            }

            report(option.ValueColumn, $"invalid {key} '{option.Value}' (expected {string.Join(" or ", allowed)})");
            return null;
        }
    }
}
