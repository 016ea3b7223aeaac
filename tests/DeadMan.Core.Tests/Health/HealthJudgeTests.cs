using DeadMan.Core.Health;

namespace DeadMan.Core.Tests.Health;

public class HealthJudgeTests
{
    private static readonly WindowFigures s_clean = new(60, 60, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(1));

    private static (TargetStatus, string?) Judge(TargetStatus current, int failures, int replies, HealthRules rules, WindowFigures? window = null) =>
        HealthJudge.Judge(current, failures, replies, rules, () => window ?? s_clean);

    [Theory]
    [InlineData(TargetStatus.Up, 1, 0, 1, TargetStatus.Down)] // deadman's rule: one failure
    [InlineData(TargetStatus.Up, 2, 0, 3, TargetStatus.Up)] // two of three allowed
    [InlineData(TargetStatus.Up, 3, 0, 3, TargetStatus.Down)]
    [InlineData(TargetStatus.Unknown, 2, 0, 3, TargetStatus.Unknown)] // not judged yet
    [InlineData(TargetStatus.Unknown, 0, 1, 3, TargetStatus.Up)]
    public void Should_go_down_only_after_down_after_failures_in_a_row_When_probes_fail(TargetStatus current, int failures, int replies, int downAfter, TargetStatus expected) =>
        Assert.Equal(expected, Judge(current, failures, replies, new HealthRules(DownAfter: downAfter)).Item1);

    [Theory]
    [InlineData(1, TargetStatus.Down)]
    [InlineData(2, TargetStatus.Up)]
    public void Should_come_back_only_after_up_after_replies_in_a_row_When_a_down_host_answers(int replies, TargetStatus expected) =>
        Assert.Equal(expected, Judge(TargetStatus.Down, 0, replies, new HealthRules(UpAfter: 2)).Item1);

    [Fact]
    public void Should_be_degraded_with_every_reason_When_loss_rtt_and_jitter_pass_their_limits()
    {
        // Given: 18 of 100 lost, 96 ms on average, 30 ms of jitter
        var window = new WindowFigures(100, 82, TimeSpan.FromMilliseconds(96), TimeSpan.FromMilliseconds(30));
        var rules = new HealthRules(LossWarn: 5, RttWarn: TimeSpan.FromMilliseconds(50), JitterWarn: TimeSpan.FromMilliseconds(20));

        // Then
        Assert.Equal((TargetStatus.Degraded, "loss 18% in 1m ≥ 5%, avg RTT 96 ms in 1m ≥ 50 ms, jitter 30 ms in 1m ≥ 20 ms"), Judge(TargetStatus.Up, 0, 1, rules, window));
        Assert.Equal((TargetStatus.Up, null), Judge(TargetStatus.Degraded, 0, 1, rules, s_clean));
    }

    [Fact]
    public void Should_never_be_degraded_When_no_limit_is_set() =>
        Assert.Equal(TargetStatus.Up, Judge(TargetStatus.Up, 0, 1, HealthRules.Defaults, new WindowFigures(100, 10, TimeSpan.FromSeconds(1), null)).Item1);

    [Fact]
    public void Should_not_judge_loss_on_too_few_results_When_the_window_has_just_begun() =>
        Assert.Null(HealthJudge.DegradedReason(new HealthRules(LossWarn: 5), new WindowFigures(HealthJudge.MinimumSample - 1, 1, null, null)));

    [Theory]
    [InlineData(TargetStatus.Degraded, "loss 50% in 20s ≥ 10%", TargetStatus.Degraded)] // r emptied the window: stays as it was
    [InlineData(TargetStatus.Degraded, null, TargetStatus.Up)] // degraded by a gauge, not the pings: the pings say up
    [InlineData(TargetStatus.Up, null, TargetStatus.Up)]
    [InlineData(TargetStatus.Down, null, TargetStatus.Up)] // back from an outage: its losses are not in this window
    public void Should_keep_what_it_was_When_the_window_has_too_few_results_to_judge(TargetStatus current, string? degradedBy, TargetStatus expected)
    {
        var few = new WindowFigures(HealthJudge.MinimumSample - 1, 1, TimeSpan.FromMilliseconds(2), null);
        (TargetStatus status, string? reason) = HealthJudge.Judge(current, 0, 1, new HealthRules(LossWarn: 10), () => few, degradedBy);
        Assert.Equal((expected, expected == TargetStatus.Degraded ? degradedBy : null), (status, reason));
    }
}
