using System.Globalization;

namespace DeadMan.Core.Config;

/// <summary>Reads the SNMP polling options of a host line, if it has <c>traffic=</c> or <c>gauges=</c>.</summary>
internal static class TrafficSpecBuilder
{
    public static TrafficSpec? Build(IReadOnlyList<ConfigOption> options, Action<int, string> report)
    {
        ConfigOption? traffic = Find(options, "traffic");
        ConfigOption? gauges = Find(options, "gauges");
        ConfigOption? community = Find(options, "community");
        if ((traffic ?? gauges) is not { } first)
        {
            foreach (string key in new[] { "snmp-port", "snmp-version", "speed" })
            {
                if (Find(options, key) is { } stray)
                {
                    report(stray.KeyColumn, key == "speed" ? "option 'speed' needs traffic=INTERFACES on the same line"
                        : $"option '{key}' needs traffic=INTERFACES or gauges=NAMES on the same line");
                }
            }

            return null;
        }

        string[] interfaces = traffic is { } t ? List(t, "traffic= takes interface names (ifName, ifDescr or ifIndex) separated by commas", report) : [];
        string[] gaugeNames = gauges is { } g ? List(g, "gauges= takes names of [snmp.gauge.NAME] in deadman.toml, separated by commas", report) : [];
        if (traffic is null && Find(options, "speed") is { } lonely)
        {
            report(lonely.KeyColumn, "option 'speed' is an interface's: it needs traffic=INTERFACES on the same line");
        }

        SnmpAccess? access = SnmpAccess.From(community, Find(options, "snmp"), traffic is null ? "gauges=" : "traffic=", first.KeyColumn, report);

        int port = 161;
        if (Find(options, "snmp-port") is { } portOption
            && (!int.TryParse(portOption.Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            report(portOption.ValueColumn, $"invalid snmp-port '{portOption.Value}' (expected 1-65535)");
        }

        if (Find(options, "snmp-version") is { } version && version.Value != "2c")
        {
            report(version.ValueColumn, version.Value == "3"
                ? "snmp-version=3 comes from snmp=NAME: a [snmp.credentials.NAME] with a user, in deadman.toml"
                : $"snmp-version '{version.Value}' is not supported (expected 2c; SNMPv3 through snmp=NAME)");
        }

        long? speed = null;
        if (Find(options, "speed") is { } speedOption)
        {
            speed = ParseSpeed(speedOption.Value);
            if (speed is null)
            {
                report(speedOption.ValueColumn, $"invalid speed '{speedOption.Value}' (bits per second, e.g. 1G, 100M, 2.5G, 10000000)");
            }
        }

        return access is null ? null : new TrafficSpec(interfaces, access, port, access.Credentials is null ? "2c" : "settings", speed) { Gauges = gaugeNames };
    }

    private static string[] List(ConfigOption option, string expected, Action<int, string> report)
    {
        string[] names = option.Value.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(i => i.Length == 0))
        {
            report(option.ValueColumn, expected);
        }

        if (names.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Key.Length > 0 && g.Count() > 1) is { } twice)
        {
            report(option.ValueColumn, $"{option.Key}= names '{twice.Key}' twice");
        }

        return names;
    }

    private static long? ParseSpeed(string text)
    {
        (string number, double scale) = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => (text[..^1], 1e3),
            'M' => (text[..^1], 1e6),
            'G' => (text[..^1], 1e9),
            'T' => (text[..^1], 1e12),
            _ => (text, 1.0),
        };
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value > 0
            ? (long)(value * scale)
            : null;
    }

    private static ConfigOption? Find(IReadOnlyList<ConfigOption> options, string key)
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
}
