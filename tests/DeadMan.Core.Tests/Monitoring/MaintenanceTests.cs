using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>Issue 35: a [[maintenance]] window on an engine a fake clock drives: trouble inside it is expected; still there when it closes, news.</summary>
public sealed class MaintenanceTests : EngineOnFakeClock
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Should_expect_a_failure_inside_the_window_and_tell_it_when_the_window_closes_on_it()
    {
        // Given: a window for the 4F group from 10 s to 30 s from now; ap-4f-a silent from round 15 to 40, sw-3f too
        DateTimeOffset now = Clock.GetUtcNow();
        var window = new MaintenanceWindow(new HealthMatch("4F*", null, HealthRules.None), now.AddSeconds(10), now.AddSeconds(30), null, null, "4F switch replaced");
        var health = new HealthSettings(HealthRules.None, []) { Maintenance = [window] };
        Monitor monitor = Start(Parse("--- 4F\nap-4f-a 192.0.2.1\n--- 3F\nsw-3f 192.0.2.2"),
            new ScriptedProbeFactory((_, round) => round is >= 15 and <= 40 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64)),
            new MonitorOptions(Timing) { Health = health });

        // When: both fail, inside the window
        StepUntil(monitor, s_second, s => s.Targets.All(t => t.Status == TargetStatus.Down));

        // Then: the 4F host's failure is expected (in maintenance); the 3F host's is news
        MonitorSnapshot failing = await Settle(monitor);
        Assert.Equal([true, false], failing.Targets.Select(t => t.InMaintenance));
        Assert.Equal([true, false], failing.Targets.Select(t => t.Expected));
        Assert.Equal([true, false], failing.Targets.Select(t => t.Windowed));
        Assert.Equal("4F switch replaced", failing.Targets.First().Maintenance!.Note);
        Assert.True(failing.Events.Single(e => e.Target.Spec.Name == "ap-4f-a").Target.Expected);
        Assert.Equal(2, failing.Targets.First().Severity);

        // When: the window closes with the host still silent
        StepUntil(monitor, s_second, s => s.Time >= now.AddSeconds(32));

        // Then: its trouble is told then, as news
        MonitorSnapshot closed = await Settle(monitor);
        Assert.Null(closed.Targets.First().Maintenance);
        StateChange told = closed.Events.First(e => e.Target.Spec.Name == "ap-4f-a");
        Assert.Equal((TargetStatus.Down, false), (told.To, told.Target.Expected));
        Assert.Equal(2, closed.Events.Count(e => e.Target.Spec.Name == "ap-4f-a"));
    }
}
