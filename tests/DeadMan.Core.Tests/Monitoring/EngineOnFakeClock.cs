using System.Runtime.CompilerServices;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;
using DeadMan.Core.Tests.Snmp;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>
/// Engines driven by a fake clock: it moves the scheduler and the pollers; after each step the test waits (bounded)
/// until both have caught up with it, and a command it awaits is applied after everything queued before it, so what
/// a snapshot shows after that is settled. Engines started here are stopped at the end of the test.
/// </summary>
public abstract class EngineOnFakeClock : IDisposable
{
    protected static readonly ProbeTiming Timing = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    protected static readonly TimeSpan TrafficInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly List<Monitor> _monitors = [];

    protected FakeTimeProvider Clock { get; } = new();

    protected static IReadOnlyList<ConfigEntry> Parse(string text) => ConfigParser.Parse(text, "t.conf").Entries;

    protected static string TrafficLine(string address, int port, string interfaces) =>
        $"sw {address} traffic={interfaces} community={SnmpdAgent.Community} snmp-port={port}";

    /// <param name="options">Timing and the traffic interval above unless given.</param>
    protected Monitor Start(IReadOnlyList<ConfigEntry> entries, IProbeFactory probes, MonitorOptions? options = null)
    {
        var monitor = new Monitor(entries, probes, options ?? new MonitorOptions(Timing) { TrafficInterval = TrafficInterval }, Clock);
        _running.Add(monitor.RunAsync(_stop.Token));
        _monitors.Add(monitor);
        return monitor;
    }

    // Moves the clock and waits until every send and poll due by then has been made.
    protected void Step(Monitor monitor, TimeSpan by, int times)
    {
        for (int i = 0; i < times; i++)
        {
            Clock.Advance(by);
            var deadline = DateTime.UtcNow + s_patience;
            // Spins a little, then sleeps a millisecond at a time: on two cores a pure spin starves the engine it waits
            // for, and the other tests running beside it.
            var spin = default(SpinWait);
            while (!CaughtUp(monitor, Clock.GetTimestamp()))
            {
                Assert.True(DateTime.UtcNow < deadline, "the engine did not catch up with the clock");
                spin.SpinOnce();
            }
        }
    }

    // Every send and poll due by the clock's timestamp has been made (or skipped, paused), and the scheduler and each
    // polling task wait for a later time. Read from the engine's own fields rather than through a hook in it: the
    // scheduler sleeps on a real-time bell, so the fake clock alone cannot tell when it has caught up.
    private static bool CaughtUp(Monitor monitor, long timestamp) =>
        SchedulerOf(monitor).NextDue > timestamp && RosterOf(monitor).AgentOrder.All(a => a.WaitingUntil > timestamp);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_scheduler")]
    private static extern ref ProbeScheduler SchedulerOf(Monitor monitor);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_roster")]
    private static extern ref Roster RosterOf(Monitor monitor);

    protected void StepUntil(Monitor monitor, TimeSpan by, Func<MonitorSnapshot, bool> done)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (!done(Settle(monitor).GetAwaiter().GetResult()))
        {
            Assert.True(DateTime.UtcNow < deadline, "the engine did not get there in time");
            Step(monitor, by, times: 1);
        }
    }

    // A command that changes nothing: once it is applied, so is everything queued before it.
    protected static async Task<MonitorSnapshot> Settle(Monitor monitor)
    {
        await monitor.Pause(monitor.Snapshot().Paused);
        return monitor.Snapshot();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        _stop.Cancel();
        Task.WaitAll([.. _running], s_patience);
        _monitors.ForEach(m => m.Dispose());
        _stop.Dispose();
    }
}
