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
        var states = ConfigParser.Parse(config, "t.conf").Targets.Select((spec, id) => new TargetState(id, spec, 16, null, DateTimeOffset.UnixEpoch)).ToList();
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
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(Snapshot() with { TracesStarted = 2, TracesJoined = 199 }, "0.1.0", unmatchedIcmp: 17).ToString());

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
        Assert.Equal(17, samples.Single(s => s.Name == "deadman_icmp_unmatched_packets_total").Value);
        Assert.Equal((2, 199), (samples.Single(s => s.Name == "deadman_traces_total").Value, samples.Single(s => s.Name == "deadman_traces_shared_total").Value));
    }

    [Fact]
    public void Should_give_the_path_mtu_of_the_hosts_searched_and_a_change_When_a_search_finds_another()
    {
        // Given: an uplink whose path carried 1500 bytes, then 1400; a host that is not searched
        var states = ConfigParser.Parse("uplink 192.0.2.1 pmtu=on\nhost 192.0.2.2\n", "t.conf").Targets
            .Select((spec, id) => new TargetState(id, spec, 16, null, DateTimeOffset.UnixEpoch)).ToList();
        int? first = states[0].SetPathMtu(new PathMtu(1500, null, DateTimeOffset.UnixEpoch));
        int? changed = states[0].SetPathMtu(new PathMtu(1400, null, DateTimeOffset.UnixEpoch));
        var snapshot = new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, [.. states.Select(s => new MonitorRow(s.View, null))]);

        // When
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(snapshot, "0.1.0").ToString());

        // Then: the first finding is no change, the second is one from 1500; only the searched host has the series
        Assert.Equal(((int?)null, (int?)1500), (first, changed));
        var mtu = Assert.Single(samples, s => s.Name == "deadman_path_mtu_bytes");
        Assert.Equal(("uplink", 1400.0), (mtu.Labels["name"], mtu.Value));
    }

    [Fact]
    public void Should_give_when_the_certificate_runs_out_When_an_https_host_presented_one()
    {
        // Given: a portal whose certificate ends on 2027-03-01; a pinged host beside it
        var states = ConfigParser.Parse("portal 192.0.2.80 url=https://register.example.org/\nhost 192.0.2.2\n", "t.conf").Targets
            .Select((spec, id) => new TargetState(id, spec, 16, null, DateTimeOffset.UnixEpoch)).ToList();
        var end = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        states[0].SetCertificate(new TlsCertificate("register.example.org", "Event CA", end.AddDays(-90), end, true, null), end.AddDays(-60));
        var snapshot = new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, [.. states.Select(s => new MonitorRow(s.View, null))]);

        // When
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(snapshot, "0.1.0").ToString());

        // Then: a time, as blackbox_exporter's probe_ssl_earliest_cert_expiry; only for the host with a certificate
        var expiry = Assert.Single(samples, s => s.Name == "deadman_tls_cert_expiry_seconds");
        Assert.Equal(("portal", (double)end.ToUnixTimeSeconds()), (expiry.Labels["name"], expiry.Value));
    }

    [Fact]
    public void Should_label_only_the_hosts_marked_expect_down_When_formatting()
    {
        // Given: a spare and a host, both down
        var states = ConfigParser.Parse("spare 192.0.2.1 expect=down\nhost 192.0.2.2\n", "t.conf").Targets
            .Select((spec, id) => new TargetState(id, spec, 16, null, DateTimeOffset.UnixEpoch)).ToList();
        states.ForEach(s => s.Apply(0, ProbeResult.Timeout(), DateTimeOffset.UnixEpoch));
        var snapshot = new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, [.. states.Select(s => new MonitorRow(s.View, null))]);

        // When
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(snapshot, "0.1.0").ToString());

        // Then: every series of the spare says expect="down", so a viewer can dim it; the host's series have no such label
        var spare = samples.Where(s => s.Labels.TryGetValue("name", out string? name) && name == "spare").ToList();
        var host = samples.Where(s => s.Labels.TryGetValue("name", out string? name) && name == "host").ToList();
        Assert.NotEmpty(spare);
        Assert.All(spare, s => Assert.Equal("down", s.Labels["expect"]));
        Assert.All(host, s => Assert.False(s.Labels.ContainsKey("expect")));
    }

    [Fact]
    public void Should_expose_octet_counters_and_rates_When_interfaces_are_watched()
    {
        // Given
        DeadMan.Core.Snmp.Traffic.InterfaceView[] interfaces =
        [
            new("core-sw", new("ge-0/0/1", 1, "ok", 412e6, 95e6, 41.2, "up", 1_000_000_000, null) { InOctets = 123456789, OutOctets = 987 }, 5e8, 1e8),
            new("isp \"a\"", new("xe-1/0/0", null, "no-response", null, null, null, "unknown", 0, "no response"), 0, 0),
            new("isp-b", new("xe-1/0/1", null, "wrong-digest", null, null, null, "unknown", 0, "wrong digest"), 0, 0),
        ];

        // When
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(Snapshot() with { Interfaces = interfaces }, "0.1.0").ToString());

        // Then
        Assert.Equal(123456789, samples.Single(s => s.Name == "deadman_interface_in_octets_total").Value);
        Assert.Equal(412e6, samples.Single(s => s.Name == "deadman_interface_in_bits_per_second").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "deadman_interface_oper_up").Value);
        Assert.Equal(0, samples.Single(s => s.Name == "deadman_interface_agent_up" && s.Labels["host"] == "isp \"a\"").Value);
        Assert.Equal(0, samples.Single(s => s.Name == "deadman_interface_agent_up" && s.Labels["host"] == "isp-b").Value);
    }

    [Fact]
    public void Should_expose_each_gauge_with_a_value_labelled_by_host_and_gauge_When_gauges_are_read()
    {
        // Given: one read, one whose agent did not answer
        var clients = new DeadMan.Core.Snmp.Gauges.GaugeDefinition("clients", DeadMan.Core.Snmp.Oid.Parse("1.3.6.1.4.1.99999.1.1"), "clients", 80, 120);
        DeadMan.Core.Snmp.Gauges.GaugeView[] gauges =
        [
            new("ap-2f-a", new(clients, "ok", 118, null)),
            new("ap-2f-b", new(clients, "no-response", null, "no response")),
        ];

        // When
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(Snapshot() with { Gauges = gauges }, "0.1.0").ToString());

        // Then: no sample rather than a made-up one for the silent agent
        var sample = samples.Single(s => s.Name == "deadman_gauge");
        Assert.Equal((118.0, "ap-2f-a", "clients"), (sample.Value, sample.Labels["host"], sample.Labels["gauge"]));
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
