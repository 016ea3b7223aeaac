using System.Net;
using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Snmp.Usm;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Probing;

/// <summary>
/// <c>via=snmp</c>: against Debian's real snmpd, which lacks DISMAN-PING-MIB, the row must say so; the procedure
/// itself (createAndGo, poll the results, destroy) against <see cref="PingMibAgentStub"/>, a stub agent on loopback.
/// </summary>
public sealed class SnmpPingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-snmpping-").FullName;
    private readonly NetnsLab _lab = new();
    private readonly NamespaceProcesses _processes = new();

    [Fact]
    public void Should_report_replies_and_losses_from_the_agents_ping_When_it_has_the_ping_mib()
    {
        using var agent = new PingMibAgentStub("private", IPAddress.Parse("127.0.0.1"));
        var targets = Deadman(null, $"""
            alive   127.0.0.1   via=snmp relay=127.0.0.1:{agent.Endpoint.Port} community=private
            silent  127.0.0.9   via=snmp relay=127.0.0.1:{agent.Endpoint.Port} community=private
            wrong   127.0.0.1   via=snmp relay=127.0.0.1:{agent.Endpoint.Port} community=guess

            """);

        Assert.Equal("up", targets["alive"].GetProperty("state").GetString());
        Assert.Equal(2.0, targets["alive"].GetProperty("rtt_avg_ms").GetDouble(), 3);
        Assert.Equal("down", targets["silent"].GetProperty("state").GetString());
        Assert.Equal("timeout", targets["silent"].GetProperty("last_outcome").GetString());
        Assert.Equal("relay-failed", targets["wrong"].GetProperty("last_outcome").GetString());
        Assert.StartsWith("no response from 127.0.0.1:", targets["wrong"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.True(agent.Created >= 6, $"{agent.Created} tests created");
        Assert.True(agent.Destroyed >= agent.Created - 2, $"{agent.Destroyed} of {agent.Created} rows removed");
    }

    [Fact]
    public void Should_ping_through_the_agent_over_snmpv3_with_privacy_When_the_line_names_v3_credentials()
    {
        // Given: the stub as an authPriv SNMPv3 agent (SHA-256, AES-128), which net-snmp's own snmpget understands,
        // and deadman.toml naming its user
        var user = new UsmUser("pinger", AuthProtocol.Sha256, new Secret("auth-secret-256"), PrivProtocol.Aes128, new Secret("priv-secret-aes"));
        using var agent = new PingMibAgentStub(user, IPAddress.Parse("127.0.0.1"));
        string at = $"127.0.0.1:{agent.Endpoint.Port}";
        var (exit, output, error) = Shell.RunChecked(["env", "MIBS=", "snmpget", "-v3", "-l", "authPriv", "-u", "pinger", "-a", "SHA-256", "-A", "auth-secret-256",
                                                      "-x", "AES", "-X", "priv-secret-aes", "-r", "1", "-t", "2", "-On", at, "1.3.6.1.2.1.80.1.3.1.1.1.1"]);
        Assert.True(exit == 0, error);
        Assert.Contains("No Such Instance", output, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_directory, "deadman.toml"), """
            [snmp.credentials.core]
            user = "pinger"
            auth = "sha256"
            auth_password = "auth-secret-256"
            priv = "aes"
            priv_password = "priv-secret-aes"

            [snmp.credentials.wrong]
            user = "pinger"
            auth = "sha256"
            auth_password = "not-the-password"
            priv = "aes"
            priv_password = "priv-secret-aes"
            """);

        // When
        var targets = Deadman(null, $"""
            alive   127.0.0.1   via=snmp relay={at} snmp=core
            silent  127.0.0.9   via=snmp relay={at} snmp=core
            wrong   127.0.0.1   via=snmp relay={at} snmp=wrong

            """);

        // Then: the agent's pings come back through v3; a wrong password is a failed relay, not a down host
        Assert.Equal("up", targets["alive"].GetProperty("state").GetString());
        Assert.Equal(2.0, targets["alive"].GetProperty("rtt_avg_ms").GetDouble(), 3);
        Assert.Equal("down", targets["silent"].GetProperty("state").GetString());
        Assert.Equal("relay-failed", targets["wrong"].GetProperty("last_outcome").GetString());
        Assert.True(agent.Created >= 6, $"{agent.Created} tests created");
    }

    [Fact]
    public void Should_say_the_agent_lacks_the_ping_mib_When_a_real_snmpd_is_asked()
    {
        // Given: net-snmp's snmpd with a read-write community, in a namespace of its own
        string ns = _lab.AddNamespace("a");
        File.WriteAllText(Path.Combine(_directory, "snmpd.conf"), "rwcommunity private 127.0.0.1\nrocommunity public 127.0.0.1\n");
        _processes.Start(ns, "env", $"SNMP_PERSISTENT_DIR={_directory}", "MIBS=", "snmpd", "-f", "-Lo", "-C", "-c", Path.Combine(_directory, "snmpd.conf"),
                         "-I", "-smux", "-p", Path.Combine(_directory, "snmpd.pid"), "udp:127.0.0.1:161");
        WaitUntilAnswering(ns, "public", "127.0.0.1:161");

        var targets = Deadman(ns, """
            no-mib      127.0.0.1   via=snmp relay=127.0.0.1 community=private
            read-only   127.0.0.1   via=snmp relay=127.0.0.1 community=public

            """);

        Assert.Equal("agent 127.0.0.1:161 lacks DISMAN-PING-MIB (creating a pingCtlTable row: notWritable)", targets["no-mib"].GetProperty("note").GetString());
        Assert.NotEqual("up", targets["no-mib"].GetProperty("state").GetString());
        Assert.Equal("agent 127.0.0.1:161 refused to create the test row (noAccess): the community must be read-write",
                     targets["read-only"].GetProperty("note").GetString());
    }

    [Fact]
    public void Should_be_understood_by_net_snmp_tools_When_they_drive_the_stub_as_snmpping_would()
    {
        // Given: the stub that the probe's own tests trust, checked here by an independent implementation
        using var agent = new PingMibAgentStub("private", IPAddress.Parse("127.0.0.1"));
        string at = $"127.0.0.1:{agent.Endpoint.Port}";
        const string row = "7.100.101.97.100.109.97.110.2.116.49"; // owner "deadman", test "t1"

        // When: net-snmp's snmpset creates a one-probe test of 127.0.0.1 (createAndGo)
        string created = NetSnmp("snmpset", "private", at,
            $"1.3.6.1.2.1.80.1.2.1.3.{row}", "i", "1", $"1.3.6.1.2.1.80.1.2.1.4.{row}", "x", "7F000001",
            $"1.3.6.1.2.1.80.1.2.1.8.{row}", "i", "1", $"1.3.6.1.2.1.80.1.2.1.23.{row}", "i", "4");

        // Then snmpset reads the stub's answer, and snmpget its results row once the test has run
        Assert.Contains($".1.3.6.1.2.1.80.1.2.1.23.{row} = INTEGER: 4", created, StringComparison.Ordinal);
        Assert.Equal(1, agent.Created);
        string results = "";
        Assert.True(SpinWait.SpinUntil(() =>
        {
            results = NetSnmp("snmpget", "private", at, $"1.3.6.1.2.1.80.1.3.1.1.{row}", $"1.3.6.1.2.1.80.1.3.1.6.{row}",
                              $"1.3.6.1.2.1.80.1.3.1.7.{row}", $"1.3.6.1.2.1.80.1.3.1.8.{row}");
            return !results.Contains("No Such Instance", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10)), results);
        Assert.Contains($".1.3.6.1.2.1.80.1.3.1.1.{row} = INTEGER: 3", results, StringComparison.Ordinal);
        Assert.Contains($".1.3.6.1.2.1.80.1.3.1.6.{row} = Gauge32: 2", results, StringComparison.Ordinal);
        Assert.Contains($".1.3.6.1.2.1.80.1.3.1.7.{row} = Gauge32: 1", results, StringComparison.Ordinal);
        Assert.Contains($".1.3.6.1.2.1.80.1.3.1.8.{row} = Gauge32: 1", results, StringComparison.Ordinal);

        // And destroy removes the row, as it does on a real agent; a wrong community gets silence
        NetSnmp("snmpset", "private", at, $"1.3.6.1.2.1.80.1.2.1.23.{row}", "i", "6");
        Assert.Equal(1, agent.Destroyed);
        Assert.Contains("No Such Instance", NetSnmp("snmpget", "private", at, $"1.3.6.1.2.1.80.1.3.1.1.{row}"), StringComparison.Ordinal);
        var (exit, _, error) = Shell.RunChecked(["env", "MIBS=", "snmpget", "-v2c", "-c", "guess", "-r", "0", "-t", "0.5", "-On", at, "1.3.6.1.2.1.1.3.0"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("Timeout", error, StringComparison.Ordinal);
    }

    private static string NetSnmp(string tool, string community, string agent, params string[] arguments) =>
        Shell.Run(["env", "MIBS=", tool, "-v2c", "-c", community, "-r", "1", "-t", "2", "-On", agent, .. arguments]);

    // snmpd answers once its modules are loaded; a GET that comes back says so (bounded, no fixed sleep).
    private static void WaitUntilAnswering(string ns, string community, string agent) =>
        Assert.True(SpinWait.SpinUntil(
            () => Shell.RunChecked(["ip", "netns", "exec", ns, "env", "MIBS=", "snmpget", "-v2c", "-c", community, "-r", "0", "-t", "0.2", agent, "1.3.6.1.2.1.1.3.0"]).Exit == 0,
            TimeSpan.FromSeconds(15)), "snmpd never answered");

    private Dictionary<string, JsonElement> Deadman(string? ns, string config)
    {
        string path = Path.Combine(_directory, "snmpping.conf");
        File.WriteAllText(path, config);
        return DeadmanReport.Targets(ns, path, "--count", "6", "-i", "500ms", "-t", "500ms");
    }

    public void Dispose()
    {
        _processes.Dispose();
        _lab.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
