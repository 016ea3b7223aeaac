using System.Text.Json;
using DeadMan.Core.Alerts;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Settings;
using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Snmp.Traffic;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Export;

/// <summary>
/// Issue 18: a deadman with --vantage says where it stands in everything it exports (every metric series, every
/// event line, every alert), and one without says nothing new.
/// </summary>
public sealed class VantageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deadman-vantage-").FullName;

    private static TargetView Down()
    {
        var state = new TargetState(0, ConfigParser.Parse("--- 1F\nap-1f-a 192.0.2.11", "t.conf").Targets.Single(), 16, null, DateTimeOffset.UnixEpoch);
        state.Apply(0, ProbeResult.Timeout(), DateTimeOffset.UnixEpoch);
        return state.View;
    }

    private static MonitorSnapshot Everything()
    {
        var clients = new GaugeDefinition("clients", DeadMan.Core.Snmp.Oid.Parse("1.3.6.1.4.1.99999.1.1"), "clients", 80, 120);
        var uplink = new InterfaceReading("ge-0/0/1", 1, "ok", 1e6, 2e6, 0.1, "up", 1_000_000_000, null) { InOctets = 10, OutOctets = 20 };
        return PrometheusExpositionTests.Snapshot() with
        {
            Interfaces = [new InterfaceView("core", uplink, 1e6, 2e6)],
            Gauges = [new GaugeView("ap", new GaugeReading(clients, "ok", 57, null))],
        };
    }

    [Fact]
    public void Should_label_every_metric_series_with_the_vantage_When_one_is_set()
    {
        // When
        var labelled = ExpositionParser.Parse(PrometheusExposition.Format(Everything(), "0.1.0", unmatchedIcmp: 3, vantage: "hall-b").ToString());
        var plain = ExpositionParser.Parse(PrometheusExposition.Format(Everything(), "0.1.0", unmatchedIcmp: 3).ToString());

        // Then: targets, interfaces, gauges, the build and the process alike; nothing else changed
        Assert.True(labelled.Count > 20, $"{labelled.Count} series");
        Assert.All(labelled, s => Assert.Equal("hall-b", s.Labels.GetValueOrDefault("vantage")));
        Assert.DoesNotContain(plain, s => s.Labels.ContainsKey("vantage"));
        Assert.Equal(plain.Select(s => s.Name), labelled.Select(s => s.Name));
        Assert.Contains(labelled, s => s.Name == "deadman_gauge" && s.Labels["host"] == "ap" && s.Value == 57);
    }

    [Fact]
    public void Should_put_the_vantage_on_every_event_line_When_one_is_set()
    {
        // When
        var clock = new FakeTimeProvider();
        using (var appender = new LogAppender(_directory, _ => { }))
        {
            var events = new EventLog(appender, clock, "hall-b");
            events.Started(1, "0.1.0");
            events.StateChanged(new StateChange(Down(), TargetStatus.Up, TargetStatus.Down, clock.GetUtcNow(), 1));
            events.Stopped();
        }

        // Then
        var lines = File.ReadAllLines(Path.Combine(_directory, EventLog.FileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["start", "down", "stop"], lines.Select(l => l.GetProperty("event").GetString()));
        Assert.All(lines, l => Assert.Equal("hall-b", l.GetProperty("vantage").GetString()));
    }

    [Fact]
    public void Should_say_the_vantage_in_every_alert_route_When_one_is_set()
    {
        // Given: a host down, seen from hall B
        var change = new StateChange(Down(), TargetStatus.Up, TargetStatus.Down, DateTimeOffset.UnixEpoch, 1);
        var notification = new Notification("down", [change], null) { Vantage = "hall-b" };

        // When
        JsonElement webhook = JsonDocument.Parse(WebhookRouteSender.Json(notification)).RootElement;
        string slack = JsonDocument.Parse(WebhookRouteSender.Slack(notification)).RootElement.GetProperty("text").GetString()!;
        var environment = ExecRouteSender.Environment(notification).ToDictionary(e => e.Name, e => e.Value);
        var alert = new AlertmanagerSender.Alert("DeadmanHostDown", change.Target, "no reply", change.At, null) { Vantage = notification.Vantage };
        JsonElement labels = JsonDocument.Parse(AlertmanagerSender.Body([alert])).RootElement[0].GetProperty("labels");

        // Then
        Assert.Equal("hall-b", webhook.GetProperty("vantage").GetString());
        Assert.StartsWith("deadman (hall-b): ap-1f-a down", slack, StringComparison.Ordinal);
        Assert.Equal("hall-b", environment["DEADMAN_VANTAGE"]);
        Assert.Equal(("hall-b", "ap-1f-a"), (labels.GetProperty("vantage").GetString(), labels.GetProperty("name").GetString()));
        Assert.False(JsonDocument.Parse(WebhookRouteSender.Json(notification with { Vantage = null })).RootElement.TryGetProperty("vantage", out _));
        Assert.DoesNotContain("DEADMAN_VANTAGE", ExecRouteSender.Environment(notification with { Vantage = null }).Select(e => e.Name));
    }

    [Theory]
    [InlineData("noc", true)]
    [InlineData("hall-b.2f_west", true)]
    [InlineData("", false)]
    [InlineData("hall b", false)]
    [InlineData("ホールB", true)]
    [InlineData("a-name-far-too-long-for-a-column-heading", false)]
    public void Should_accept_only_short_plain_names_When_a_vantage_is_given(string name, bool valid) =>
        Assert.Equal(valid, VantageName.IsValid(name));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
