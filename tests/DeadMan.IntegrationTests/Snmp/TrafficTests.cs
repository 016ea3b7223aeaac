using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Snmp;

/// <summary>
/// A switch namespace running net-snmp's snmpd between the NOC and a host; a known stream of pings crosses the switch
/// and deadman must report that rate on the switch's port. Loopback on the host is too noisy for exact checks.
/// </summary>
public sealed partial class TrafficTests : IDisposable
{
    private static readonly string s_deadman = Path.Combine(AppContext.BaseDirectory, "deadman");
    private readonly NetnsLab _lab = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-traffic-").FullName;
    private readonly NamespaceProcesses _processes = new();

    [Fact]
    public void Should_report_the_rate_of_known_traffic_within_a_few_percent_When_polling_a_switch_port()
    {
        // Given: noc — switch — host, snmpd in the switch
        string noc = _lab.AddNamespace("n");
        string sw = _lab.AddNamespace("s");
        string host = _lab.AddNamespace("h");
        _lab.Link(noc, "198.18.0.1/24", sw, "198.18.0.2/24");
        (string port, _) = _lab.Link(sw, "198.18.1.1/24", host, "198.18.1.2/24");
        _lab.Sysctl(sw, "net.ipv4.ip_forward=1");
        _lab.Exec(noc, "ip", "route", "add", "198.18.1.0/24", "via", "198.18.0.2");
        _lab.Exec(host, "ip", "route", "add", "default", "via", "198.18.1.1");
        File.WriteAllText(Path.Combine(_directory, "snmpd.conf"), "rocommunity public 198.18.0.0/16\n");
        Start(sw, "env", $"SNMP_PERSISTENT_DIR={_directory}", "MIBS=", "snmpd", "-f", "-Lo", "-C", "-c", Path.Combine(_directory, "snmpd.conf"),
              "-I", "-smux", "-p", Path.Combine(_directory, "snmpd.pid"), "udp:198.18.0.2:161");
        string config = Path.Combine(_directory, "traffic.conf");
        File.WriteAllText(config, $"switch 198.18.0.2 traffic={port} community=public speed=1G\n");

        // When: 972-byte pings every 2 ms cross the switch (1,014-byte frames each way) while deadman polls every 6 s
        // (net-snmp refreshes its counters about every 3 s, so a multiple of that keeps samples comparable)
        Process pings = Start(noc, "ping", "-q", "-n", "-s", "972", "-i", "0.002", "-w", "40", "198.18.1.2");
        var (_, output, error) = Shell.RunChecked(["ip", "netns", "exec", noc, s_deadman, "--count", "32", "-i", "1s",
            "--traffic-interval", "6s", "--json", config], limit: TimeSpan.FromSeconds(90));
        Assert.True(pings.WaitForExit(60_000), "the ping stream did not end");
        pings.WaitForExit(); // and its output has been read to the end
        string summary = _processes.OutputOf(pings);

        // Then
        Match stats = PingSummary().Match(summary);
        Assert.True(stats.Success, summary);
        double packetsPerSecond = double.Parse(stats.Groups["sent"].Value, CultureInfo.InvariantCulture)
                                  / (double.Parse(stats.Groups["ms"].Value, CultureInfo.InvariantCulture) / 1000);
        double expected = packetsPerSecond * 1014 * 8;
        using JsonDocument json = JsonDocument.Parse(output.Length > 0 ? output : throw new InvalidOperationException(error));
        JsonElement watched = json.RootElement.GetProperty("interfaces")[0];
        Assert.Equal("ok", watched.GetProperty("state").GetString());
        Assert.Equal("up", watched.GetProperty("oper_status").GetString());
        Assert.InRange(watched.GetProperty("out_bps").GetDouble(), expected * 0.9, expected * 1.1);
        Assert.InRange(watched.GetProperty("in_bps").GetDouble(), expected * 0.9, expected * 1.1);
        Assert.InRange(watched.GetProperty("utilisation_pct").GetDouble(), 0.3, 0.5);
    }

    [Fact]
    public void Should_say_no_response_When_the_community_is_wrong()
    {
        string noc = _lab.AddNamespace("n");
        string sw = _lab.AddNamespace("s");
        _lab.Link(noc, "198.18.0.1/24", sw, "198.18.0.2/24");
        File.WriteAllText(Path.Combine(_directory, "snmpd.conf"), "rocommunity public 198.18.0.0/16\n");
        Start(sw, "env", $"SNMP_PERSISTENT_DIR={_directory}", "MIBS=", "snmpd", "-f", "-Lo", "-C", "-c", Path.Combine(_directory, "snmpd.conf"),
              "-I", "-smux", "-p", Path.Combine(_directory, "snmpd.pid"), "udp:198.18.0.2:161");
        string config = Path.Combine(_directory, "wrong.conf");
        File.WriteAllText(config, "switch 198.18.0.2 traffic=lo community=wrong\n");

        var (_, output, _) = Shell.RunChecked(["ip", "netns", "exec", noc, s_deadman, "--count", "6", "-i", "1s", "--traffic-interval", "2s", "--json", config]);

        JsonElement watched = JsonDocument.Parse(output).RootElement.GetProperty("interfaces")[0];
        Assert.Equal("no-response", watched.GetProperty("state").GetString());
        Assert.StartsWith("no response from 198.18.0.2:161", watched.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private Process Start(string ns, params string[] argv) => _processes.Start(ns, argv);

    [GeneratedRegex(@"(?<sent>\d+) packets transmitted, \d+ received.*time (?<ms>\d+)ms")]
    private static partial Regex PingSummary();

    public void Dispose()
    {
        _processes.Dispose();
        _lab.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
