using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Export;

public class PrometheusExpositionTests
{
    internal static MonitorSnapshot Snapshot()
    {
        const string config = "--- Core\\A\nup-host 192.0.2.1\n\"odd \\\\ \\\"name\\\"\" 192.0.2.2\nnew 192.0.2.3\n";
        var states = ConfigParser.Parse(config, "t.conf").Targets.Select((spec, id) => new TargetState(id, spec, 16, null)).ToList();
        states[0].Apply(0, ProbeResult.Reply(TimeSpan.FromMilliseconds(12), 64), DateTimeOffset.UnixEpoch);
        states[0].Apply(1, ProbeResult.Timeout(), DateTimeOffset.UnixEpoch);
        states[0].Apply(2, ProbeResult.Reply(TimeSpan.FromMilliseconds(14), 64), DateTimeOffset.UnixEpoch);
        states[1].Apply(0, ProbeResult.Timeout(), DateTimeOffset.UnixEpoch);
        return new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, states.Select(s => new MonitorRow(s.View, null)).ToList());
    }

    [Fact]
    public void Should_pass_a_strict_parser_with_escaped_labels_When_formatting()
    {
        // When
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(Snapshot(), "0.1.0"));

        // Then
        var up = samples.Where(s => s.Name == "deadman_up").ToDictionary(s => s.Labels["name"], s => s.Value);
        Assert.Equal(1, up["up-host"]);
        Assert.Equal(0, up["odd \\ \"name\""]);
        Assert.False(up.ContainsKey("new"), "no up series before the first result");
        var upHost = samples.Single(s => s.Name == "deadman_probes_sent_total" && s.Labels["name"] == "up-host");
        Assert.Equal("Core\\A", upHost.Labels["group"]);
        Assert.Equal(3, upHost.Value);
        Assert.Equal(2, samples.Single(s => s.Name == "deadman_probes_received_total" && s.Labels["name"] == "up-host").Value);
        Assert.Equal(1.0 / 3, samples.Single(s => s.Name == "deadman_loss_ratio" && s.Labels["name"] == "up-host").Value, 6);
        Assert.Equal(0.014, samples.Single(s => s.Name == "deadman_rtt_seconds" && s.Labels["name"] == "up-host").Value, 6);
        Assert.Contains(samples, s => s.Name == "process_cpu_seconds_total");
    }

    [Theory]
    [InlineData("# TYPE x gauge\nx 1\n# TYPE x gauge\n")]
    [InlineData("x 1\n")]
    [InlineData("# TYPE x gauge\nx{a=\"\\q\"} 1\n")]
    [InlineData("# TYPE x_total counter\n# TYPE y gauge\ny 1\nx_total 1\n")]
    [InlineData("# TYPE x counter\nx 1\n")]
    [InlineData("# TYPE x gauge\nx 1\nx 2\n")]
    [InlineData("# TYPE x gauge\nx one\n")]
    public void Should_reject_malformed_exposition_When_parsing_strictly(string text)
    {
        Assert.Throws<FormatException>(() => ExpositionParser.Parse(text));
    }
}
