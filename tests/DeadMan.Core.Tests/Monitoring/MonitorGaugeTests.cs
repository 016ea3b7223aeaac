using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Settings;
using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Tests.Fakes;
using DeadMan.Core.Tests.Snmp;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>
/// Issue 17: a gauge beyond its limits makes an answering host degraded, with the gauge as the reason; a host that
/// does not answer stays down; a reload that drops the gauge drops the reason. A real snmpd serves the value.
/// </summary>
public sealed class MonitorGaugeTests : EngineOnFakeClock
{
    private static readonly GaugeDefinition s_clients = new("clients", SnmpdAgent.Values.Append(1), "clients", 80, 120);

    private readonly SnmpdAgent _agent = new();

    private string Line(string gauges = " gauges=clients") => $"ap 127.0.0.1{gauges} community={SnmpdAgent.Community} snmp-port={_agent.Port}";

    private Monitor Start(string line, Func<int, long, ProbeResult> answers) =>
        Start(Parse(line), new ScriptedProbeFactory(answers), new MonitorOptions(Timing)
        {
            TrafficInterval = TrafficInterval,
            Snmp = new SnmpAgentBook(DeadmanSettings.None with { Gauges = new Dictionary<string, GaugeDefinition> { ["clients"] = s_clients } }),
        });

    private static ProbeResult Answer(int id, long round) => ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64);

    [Fact]
    public void Should_degrade_an_answering_host_with_the_gauge_as_reason_and_bring_it_back_When_the_value_crosses_its_limits()
    {
        // Given: an access point with 40 clients, answering its pings
        _agent.SetValue(1, "gauge", "40");
        Monitor monitor = Start(Line(), Answer);
        StepUntil(monitor, TrafficInterval, s => s.Gauges.SingleOrDefault()?.Reading.Value == 40 && s.Targets.Single().Status == TargetStatus.Up);

        // When: the room fills
        _agent.SetValue(1, "gauge", "118");
        StepUntil(monitor, TrafficInterval, s => s.Gauges.Single().Reading.Value == 118);

        // Then: degraded, saying why, and the event says so
        TargetView ap = monitor.Snapshot().Targets.Single();
        Assert.Equal((TargetStatus.Degraded, "clients 118 ≥ 80"), (ap.Status, ap.Reason));
        Assert.Equal((TargetStatus.Up, TargetStatus.Degraded), (monitor.Snapshot().Events[0].From, monitor.Snapshot().Events[0].To));
        Assert.Equal([118, 40], monitor.Snapshot().Gauges.Single().History.Take(2));

        // When / Then: past crit the reason says so; emptied, the host is up again
        _agent.SetValue(1, "gauge", "130");
        StepUntil(monitor, TrafficInterval, s => s.Gauges.Single().Reading.Value == 130);
        Assert.Equal("clients 130 ≥ 120 (crit)", monitor.Snapshot().Targets.Single().Reason);
        _agent.SetValue(1, "gauge", "12");
        StepUntil(monitor, TrafficInterval, s => s.Gauges.Single().Reading.Value == 12);
        Assert.Equal((TargetStatus.Up, (string?)null), (monitor.Snapshot().Targets.Single().Status, monitor.Snapshot().Targets.Single().Reason));
    }

    [Fact]
    public void Should_keep_a_host_that_does_not_answer_down_When_its_gauge_is_beyond_warn()
    {
        // Given: a crowded access point whose pings go unanswered
        _agent.SetValue(1, "gauge", "118");

        // When
        Monitor monitor = Start(Line(), (_, _) => ProbeResult.Timeout());
        StepUntil(monitor, TrafficInterval, s => s.Gauges.SingleOrDefault()?.Reading.Value == 118);

        // Then: down is worse than crowded; the gauge still shows what it read
        Assert.Equal(TargetStatus.Down, monitor.Snapshot().Targets.Single().Status);
        Assert.Equal(GaugeLevel.Warn, monitor.Snapshot().Gauges.Single().Reading.Level);
    }

    [Fact]
    public void Should_say_the_host_is_down_not_guess_at_the_agent_When_neither_pings_nor_snmp_answer()
    {
        // Given: an access point unplugged: its pings and its agent silent (issue 30: "agent down, or a wrong privacy
        // password?" for a host simply unplugged)
        int silent;
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp))
        {
            socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            silent = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
        }

        Monitor monitor = Start($"ap 127.0.0.1 gauges=clients community={SnmpdAgent.Community} snmp-port={silent}", (_, _) => ProbeResult.Timeout());

        // Then: listed from the start, waiting (issue 30: --count left out gauges not yet polled)
        Assert.Equal(("clients", "waiting"), (monitor.Snapshot().Gauges.Single().Reading.Name, monitor.Snapshot().Gauges.Single().Reading.State));

        // When
        StepUntil(monitor, TrafficInterval, s => s.Gauges.SingleOrDefault()?.Reading.State == "no-response");

        // Then
        Assert.Equal(TargetStatus.Down, monitor.Snapshot().Targets.Single().Status);
        Assert.Equal(WatchedAgent.HostDownDetail, monitor.Snapshot().Gauges.Single().Reading.Detail);
    }

    [Fact]
    public async Task Should_drop_the_gauges_reason_When_a_reload_removes_gauges_from_the_line()
    {
        // Given: degraded by its gauge
        _agent.SetValue(1, "gauge", "118");
        Monitor monitor = Start(Line(), Answer);
        StepUntil(monitor, TrafficInterval, s => s.Targets.Single().Status == TargetStatus.Degraded);

        // When: the line no longer lists the gauge (only pinged now)
        await monitor.Reload(Parse(Line(gauges: "").Split(" community=")[0]));

        // Then
        MonitorSnapshot after = await Settle(monitor);
        Assert.Equal((TargetStatus.Up, (string?)null), (after.Targets.Single().Status, after.Targets.Single().Reason));
        Assert.Empty(after.Gauges);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _agent.Dispose();
    }
}
