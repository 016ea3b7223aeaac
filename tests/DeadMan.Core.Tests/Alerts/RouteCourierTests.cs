using DeadMan.Core.Alerts;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Alerts;

/// <summary>
/// Issue 30: one route's deliveries on a fake clock. A notification its receiver could not take is held and tried
/// again on the clock, with nothing new to send; what it was told is never told again.
/// </summary>
public sealed class RouteCourierTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _clock = new();
    private readonly List<string> _problems = [];
    private readonly List<AlertOutcome> _outcomes = [];

    private static StateChange Change(TargetStatus from, TargetStatus to, long sequence)
    {
        TargetSpec spec = ConfigParser.Parse("ap-1f-a 192.0.2.11", "t.conf").Targets.Single();
        var view = new TargetView(7, spec, to, null, 1, 0, default, null, spec.Address.Literal, null, ProbeResult.Timeout(), RoundHistory.From(16, []));
        return new StateChange(view, from, to, DateTimeOffset.UnixEpoch, sequence);
    }

    private RouteCourier Courier(IAlertRoute route) =>
        new(route, _clock, p => { lock (_problems) { _problems.Add(p); } }, o => { lock (_outcomes) { _outcomes.Add(o); } });

    // Moves the clock a second at a time until the condition holds (each step lets retries and backoff run).
    private void AdvanceUntil(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "nothing happened in time");
            _clock.Advance(TimeSpan.FromSeconds(1));
            Thread.Sleep(5);
        }
    }

    [Fact]
    public async Task Should_deliver_the_held_notification_on_its_own_When_the_receiver_comes_back_with_nothing_new_to_send()
    {
        // Given: a receiver down for now
        var receiver = new ScriptedRoute { Failing = true };
        await using RouteCourier courier = Courier(receiver);

        // When: a host goes down, the three tries fail; later the receiver comes back
        courier.Post(new Notification("down", [Change(TargetStatus.Up, TargetStatus.Down, 1)], null));
        AdvanceUntil(() => _outcomes.Count == 1);
        receiver.Failing = false;

        // Then: the next try, on the clock, delivers it; the status line said it failed, then that it works again
        AdvanceUntil(() => receiver.Delivered.Count == 1);
        Assert.Equal("down", Assert.Single(receiver.Delivered));
        Assert.False(_outcomes[0].Delivered);
        AdvanceUntil(() => { lock (_problems) { return _problems.Count == 2; } });
        Assert.Contains("works again", _problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_not_tell_the_same_state_twice_When_the_latest_change_repeats_what_was_told()
    {
        // Given
        var receiver = new ScriptedRoute();
        await using RouteCourier courier = Courier(receiver);

        // When: degraded; then (its up and degraded again within one wait) degraded; then up
        courier.Post(new Notification("degraded", [Change(TargetStatus.Up, TargetStatus.Degraded, 1)], null));
        courier.Post(new Notification("degraded", [Change(TargetStatus.Up, TargetStatus.Degraded, 3)], null));
        courier.Post(new Notification("recovered", [Change(TargetStatus.Degraded, TargetStatus.Up, 4)], null));

        // Then
        AdvanceUntil(() => receiver.Delivered.Count == 2);
        Assert.Equal(["degraded", "recovered"], receiver.Delivered);
    }

    /// <summary>A receiver that takes notifications or refuses them, as the test says.</summary>
    private sealed class ScriptedRoute : IAlertRoute
    {
        public volatile bool Failing;

        public List<string> Delivered { get; } = [];

        public string Name => "scripted";

        public string Identity => "scripted";

        public Task<string> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new HttpRequestException("connection refused");
            }

            lock (Delivered)
            {
                Delivered.Add(notification.Event);
            }

            return Task.FromResult("ok");
        }
    }
}
