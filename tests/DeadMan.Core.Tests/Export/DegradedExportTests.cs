using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Export;

/// <summary>The degraded state where operators read it outside the screen: --count --json, metrics, the event log.</summary>
public sealed class DegradedExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deadman-degraded-").FullName;

    // A host losing one probe in three (never two in a row, so never down), judged with loss-warn=10 over a window of 12 rounds.
    private static TargetView Degraded()
    {
        var state = new TargetState(0, ConfigParser.Parse("--- 4F\nap-4f-a 192.0.2.141 loss-warn=10 down-after=2", "t.conf").Targets.Single(), 16, null, DateTimeOffset.UnixEpoch);
        state.SetRules(state.Spec.Health.Over(HealthRules.Defaults) with { Window = TimeSpan.FromSeconds(12) }, TimeSpan.FromSeconds(1));
        for (int round = 0; round < 12; round++)
        {
            state.Apply(round, round % 3 == 1 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(3), 64), DateTimeOffset.UnixEpoch.AddSeconds(round));
        }

        return state.View;
    }

    [Fact]
    public void Should_report_state_reasons_and_since_When_a_headless_run_ends_with_a_degraded_host()
    {
        // Given
        TargetView ap = Degraded();
        Assert.Equal(TargetStatus.Degraded, ap.Status);

        // When
        using var output = new MemoryStream();
        RunReport.WriteJson(new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, [new MonitorRow(ap, null)]), output);

        // Then
        JsonElement target = JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("targets")[0];
        Assert.Equal("degraded", target.GetProperty("state").GetString());
        Assert.Equal(["loss 33% in 12s ≥ 10%"], target.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.NotNull(target.GetProperty("since").GetString());
        Assert.False(target.GetProperty("expect_down").GetBoolean());
    }

    [Fact]
    public void Should_expose_the_state_as_a_number_and_keep_up_at_one_When_a_host_is_degraded()
    {
        var samples = ExpositionParser.Parse(PrometheusExposition.Format(new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, [new MonitorRow(Degraded(), null)]), "0.1.0").ToString());
        Assert.Equal(2, samples.Single(s => s.Name == "deadman_state").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "deadman_up").Value);
    }

    [Fact]
    public void Should_log_degraded_and_recovered_with_how_long_the_state_before_lasted_When_a_host_degrades_and_recovers()
    {
        // Given
        var clock = new FakeTimeProvider();
        TargetView ap = Degraded();

        // When
        using (var appender = new LogAppender(_directory, _ => { }))
        {
            var events = new EventLog(appender, clock);
            events.StateChanged(new StateChange(ap, TargetStatus.Up, TargetStatus.Degraded, clock.GetUtcNow(), 1) { Lasted = TimeSpan.FromMinutes(5) });
            events.StateChanged(new StateChange(ap with { Status = TargetStatus.Up }, TargetStatus.Degraded, TargetStatus.Up, clock.GetUtcNow(), 2) { Lasted = TimeSpan.FromSeconds(42) });
        }

        // Then
        var lines = File.ReadAllLines(Path.Combine(_directory, EventLog.FileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["degraded", "recovered"], lines.Select(l => l.GetProperty("event").GetString()));
        Assert.Equal("loss 33% in 12s ≥ 10%", lines[0].GetProperty("detail").GetString());
        Assert.Equal(300, lines[0].GetProperty("after_s").GetDouble());
        Assert.Equal(42, lines[1].GetProperty("after_s").GetDouble());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
