namespace DeadMan.Core.Monitoring;

/// <summary>
/// What a screen or a web page reads of a monitor and asks of it: this machine's own engine (<see cref="Monitor"/>),
/// or other deadmans' pictures read back from Prometheus (<see cref="Remote.RemoteMonitor"/>), so both are drawn by
/// the same views.
/// </summary>
public interface IMonitorView
{
    /// <summary>A new picture is out (raised on the publisher's thread: hand off, never block).</summary>
    event Action? Published;

    /// <summary>A target's state changed, as <see cref="MonitorSnapshot.Events"/> records it (raised on the engine's loop: hand off, never block).</summary>
    event Action<StateChange>? StateChanged;

    /// <summary>
    /// A pmtu=on target's path MTU changed (raised on the engine's loop: hand off, never block). Pictures read back
    /// from other deadmans carry none.
    /// </summary>
    event Action<PathMtuChange>? PathMtuChanged
    {
        add
        {
        }

        remove
        {
        }
    }

    /// <summary>
    /// A trace of a target's path came in (raised on the engine's loop: hand off, never block). Pictures read back
    /// from other deadmans carry none.
    /// </summary>
    event Action<TraceEvent>? Traced
    {
        add
        {
        }

        remove
        {
        }
    }

    /// <summary>The latest published picture; never waits.</summary>
    MonitorSnapshot Snapshot();

    /// <summary>A picture of everything known until now, for readers that come by rarely.</summary>
    Task<MonitorSnapshot> FreshSnapshotAsync();

    Task TogglePause();

    /// <summary>Counts, RTTs and histories start again from nothing; states and events stay.</summary>
    Task Reset();

    /// <summary>From the next picture on, <see cref="MonitorSnapshot.Focused"/> carries everything known of this target (null: of none).</summary>
    Task Focus(int? targetId);

    /// <summary>
    /// Traces the target's path live, pass after pass, shown in <see cref="TargetDetail.LiveTrace"/> while it is
    /// focused; null stops it. Done when a picture shows it; an engine that cannot trace ignores it.
    /// </summary>
    Task TraceLive(int? targetId) => Task.CompletedTask;

    /// <summary>Whether <see cref="Acknowledge"/> and <see cref="Withdraw"/> do anything here (a picture read back from Prometheus: no).</summary>
    bool CanAcknowledge => false;

    /// <summary>
    /// Acknowledges the problems of these hosts (those down or degraded now; each for the state it is in). Done when
    /// a picture shows it.
    /// </summary>
    Task Acknowledge(IReadOnlyList<int> targetIds, Acknowledgement acknowledgement) => Task.CompletedTask;

    /// <summary>Withdraws these hosts' acknowledgements, saying who did.</summary>
    Task Withdraw(IReadOnlyList<int> targetIds, string by) => Task.CompletedTask;
}
