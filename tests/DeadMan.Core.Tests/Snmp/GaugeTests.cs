using System.Diagnostics;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;
using DeadMan.Core.Snmp.Gauges;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>
/// Issue 17: gauges read from a real net-snmp snmpd (values served by a pass_persist script, as the lab's access points
/// serve their station count), over v2c and v3, and judged against their limits.
/// </summary>
public sealed class GaugeTests : IAsyncLifetime, IDisposable
{
    private readonly SnmpdAgent _agent = new();
    private SnmpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new SnmpClient();
        return Task.CompletedTask;
    }

    private static GaugeDefinition Gauge(string name, uint arc, string? unit = null, double? warn = null, double? crit = null, double scale = 1) =>
        new(name, SnmpdAgent.Values.Append(arc), unit, warn, crit, scale);

    [Fact]
    public async Task Should_read_gauge_integer_timeticks_and_numeric_strings_as_snmpget_shows_them_When_polling_snmpd()
    {
        // Given: a Gauge32, a negative INTEGER, TimeTicks, and strings as scripts print them
        _agent.SetValue(1, "gauge", "118");
        _agent.SetValue(2, "integer", "-3");
        _agent.SetValue(3, "timeticks", "4200");
        _agent.SetValue(4, "string", "23.5 C");
        _agent.SetValue(5, "string", "  41");
        var sampler = new GaugeSampler([Gauge("clients", 1), Gauge("margin", 2), Gauge("ticks", 3), Gauge("temp", 4), Gauge("load", 5, scale: 0.5)]);

        // When
        await sampler.PollAsync(_client, _agent.V4, CancellationToken.None);

        // Then: each as a number, the scale applied; net-snmp's snmpget reads the same
        IReadOnlyList<GaugeReading> readings = sampler.Readings(null, "");
        Assert.All(readings, r => Assert.Equal("ok", r.State));
        Assert.Equal([118, -3, 4200, 23.5, 20.5], readings.Select(r => r.Value!.Value));
        Assert.Equal("Gauge32: 118", Snmpget(SnmpdAgent.Values.Append(1)));
        Assert.Equal("INTEGER: -3", Snmpget(SnmpdAgent.Values.Append(2)));
    }

    [Fact]
    public async Task Should_show_a_counter_as_its_rate_per_second_of_the_agents_clock_When_polled_twice()
    {
        // Given: a Counter32 near its wrap, read once
        _agent.SetValue(6, "counter", "4294967000");
        var sampler = new GaugeSampler([Gauge("errors", 6, unit: "/s")]);
        await sampler.PollAsync(_client, _agent.V4, CancellationToken.None);
        Assert.Equal("waiting", sampler.Readings(null, "").Single().State);
        var clock = Stopwatch.StartNew();

        // When: 3,000 later (past the wrap), a second and a half after
        _agent.SetValue(6, "counter", "2704");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await sampler.PollAsync(_client, _agent.V4, CancellationToken.None);
        double elapsed = clock.Elapsed.TotalSeconds;

        // Then: 3,000 over the agent's own sysUpTime between the polls (10 ms ticks), near the time that passed here.
        // Near: the agent answers when the scheduler lets it, and with the other test classes running beside this one
        // its two answers were once more than 0.1 s apart from our two clock readings (twice in a day's runs).
        GaugeReading reading = sampler.Readings(null, "").Single();
        Assert.Equal("ok", reading.State);
        Assert.InRange(reading.Value!.Value, 3000 / (elapsed + 0.3), 3000 / (elapsed - 0.3));
    }

    [Fact]
    public async Task Should_say_why_there_is_no_value_When_the_agent_has_nothing_there_or_no_number()
    {
        // Given: a string that is no number, and an OID the agent does not serve
        _agent.SetValue(7, "string", "n/a");
        var sampler = new GaugeSampler([Gauge("text", 7), Gauge("missing", 8)]);

        // When
        await sampler.PollAsync(_client, _agent.V4, CancellationToken.None);

        // Then
        IReadOnlyList<GaugeReading> readings = sampler.Readings(null, "");
        Assert.Equal(["no-value", "no-value"], readings.Select(r => r.State));
        Assert.Equal("'n/a' is no number", readings[0].Detail);
        Assert.Equal("the agent has nothing at this OID", readings[1].Detail);
        Assert.All(readings, r => Assert.Null(r.Reason));
    }

    [Fact]
    public async Task Should_read_gauges_over_snmpv3_with_privacy_When_the_line_names_a_v3_user()
    {
        // Given
        _agent.SetValue(1, "gauge", "57");
        var sampler = new GaugeSampler([Gauge("clients", 1, warn: 80)]);

        // When
        await sampler.PollAsync(_client, _agent.V3(SnmpdAgent.Users[0].ToUser()), CancellationToken.None);

        // Then
        GaugeReading reading = sampler.Readings(null, "").Single();
        Assert.Equal(("ok", 57.0, GaugeLevel.Ok), (reading.State, reading.Value!.Value, reading.Level));
    }

    [Theory]
    [InlineData(79, GaugeLevel.Ok, null)]
    [InlineData(80, GaugeLevel.Warn, "clients 80 ≥ 80")]
    [InlineData(118, GaugeLevel.Warn, "clients 118 ≥ 80")]
    [InlineData(120, GaugeLevel.Crit, "clients 120 ≥ 120 (crit)")]
    public void Should_judge_a_rising_gauge_against_warn_and_crit_When_values_climb(double value, GaugeLevel level, string? reason)
    {
        GaugeDefinition clients = Gauge("clients", 1, "clients", warn: 80, crit: 120);
        Assert.False(clients.Falling);
        Assert.Equal(level, clients.Level(value));
        Assert.Equal(reason, clients.Reason(value));
    }

    [Theory]
    [InlineData(50, GaugeLevel.Ok, null)]
    [InlineData(20, GaugeLevel.Warn, "cpu_idle 20 ≤ 20")]
    [InlineData(4.5, GaugeLevel.Crit, "cpu_idle 4.5 ≤ 5 (crit)")]
    public void Should_judge_a_falling_gauge_When_crit_is_below_warn(double value, GaugeLevel level, string? reason)
    {
        GaugeDefinition idle = Gauge("cpu_idle", 1, "%", warn: 20, crit: 5);
        Assert.True(idle.Falling);
        Assert.Equal(level, idle.Level(value));
        Assert.Equal(reason, idle.Reason(value));
        Assert.Equal("4.5%", idle.Show(4.5));
    }

    [Fact]
    public void Should_show_values_with_their_unit_and_no_more_decimals_than_their_size_needs()
    {
        Assert.Equal("118 clients", Gauge("clients", 1, "clients").Show(118));
        Assert.Equal("1.23", Gauge("x", 1).Show(1.2345));
        Assert.Equal("12.3", Gauge("x", 1).Show(12.34));
        Assert.Equal("1235", Gauge("x", 1).Show(1234.5));
        Assert.Equal(((double?)null, (string?)"a NULL is no number this gauge can show"), GaugeSampler.Number(SnmpValue.Null));
        Assert.Equal(5.0, GaugeSampler.Number(SnmpValue.OfUnsigned(BerTag.Gauge32, 5)).Value);
    }

    private string Snmpget(Oid oid)
    {
        var start = new ProcessStartInfo("snmpget", ["-v2c", "-c", SnmpdAgent.Community, "-On", "-Ov", $"127.0.0.1:{_agent.Port}", oid.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MIBS"] = "";
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    public void Dispose() => _agent.Dispose();
}
