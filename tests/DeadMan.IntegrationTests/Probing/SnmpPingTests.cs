using System.Net;
using System.Text.Json;
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
    public void Should_say_the_agent_lacks_the_ping_mib_When_a_real_snmpd_is_asked()
    {
        // Given: net-snmp's snmpd with a read-write community, in a namespace of its own
        string ns = _lab.AddNamespace("a");
        File.WriteAllText(Path.Combine(_directory, "snmpd.conf"), "rwcommunity private 127.0.0.1\nrocommunity public 127.0.0.1\n");
        _processes.Start(ns, "env", $"SNMP_PERSISTENT_DIR={_directory}", "MIBS=", "snmpd", "-f", "-Lo", "-C", "-c", Path.Combine(_directory, "snmpd.conf"),
                         "-I", "-smux", "-p", Path.Combine(_directory, "snmpd.pid"), "udp:127.0.0.1:161");
        Thread.Sleep(1500); // snmpd needs a moment to load its modules; probes meanwhile would only time out

        var targets = Deadman(ns, """
            no-mib      127.0.0.1   via=snmp relay=127.0.0.1 community=private
            read-only   127.0.0.1   via=snmp relay=127.0.0.1 community=public

            """);

        Assert.Equal("agent 127.0.0.1:161 lacks DISMAN-PING-MIB (creating a pingCtlTable row: notWritable)", targets["no-mib"].GetProperty("note").GetString());
        Assert.NotEqual("up", targets["no-mib"].GetProperty("state").GetString());
        Assert.Equal("agent 127.0.0.1:161 refused to create the test row (noAccess): the community must be read-write",
                     targets["read-only"].GetProperty("note").GetString());
    }

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
