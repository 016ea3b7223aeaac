using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Table;

namespace DeadMan.Terminal.Tests.Table;

public class SortTests
{
    private const string Floors = """
        --- 1F
        ap1-10  192.0.2.10
        ap1-2   192.0.2.2
        sw1     192.0.2.1
        --- 2F
        ap2-1   192.0.2.21
        sw2     192.0.2.20
        """;

    private static string Shown(IEnumerable<TableRow> rows) =>
        string.Join(" ", rows.Select(r => r.Target?.Spec.Name ?? $"[{r.Separator!.Title}]"));

    [Fact]
    public void Should_keep_group_headers_and_sort_within_each_group_naturally_When_sorted_by_name() =>
        Assert.Equal("[1F] ap1-2 ap1-10 sw1 [2F] ap2-1 sw2",
                     Shown(TableRow.Select(new SnapshotBuilder(Floors).Build(), new ViewState { Sort = SortOrder.Name })));

    [Fact]
    public void Should_put_the_worst_first_within_each_group_When_sorted_down_first()
    {
        MonitorSnapshot snapshot = new SnapshotBuilder(Floors).Results("ap1-10", "1").Results("ap1-2", "1").Results("sw1", "X").Results("ap2-1", "1").Build();
        Assert.Equal("[1F] sw1 ap1-10 ap1-2 [2F] sw2 ap2-1", Shown(TableRow.Select(snapshot, new ViewState { Sort = SortOrder.DownFirst })));
    }

    [Fact]
    public void Should_keep_only_the_headers_of_groups_with_a_match_When_filtering() =>
        Assert.Equal("[2F] sw2", Shown(TableRow.Select(new SnapshotBuilder(Floors).Build(), new ViewState { Filter = "sw2" })));

    [Fact]
    public void Should_rank_all_hosts_without_headers_When_sorted_by_loss()
    {
        MonitorSnapshot snapshot = new SnapshotBuilder(Floors).Results("ap1-10", "1 1").Results("ap1-2", "1 X 1 1").Results("sw1", "1 X").Results("ap2-1", "1").Results("sw2", "1").Build();
        Assert.Equal("sw1 ap1-2 ap1-10 ap2-1 sw2", Shown(TableRow.Select(snapshot, new ViewState { Sort = SortOrder.Loss })));
    }

    [Fact]
    public void Should_hold_the_rtt_ranking_for_a_few_seconds_unless_a_host_changes_state_When_rtts_jitter()
    {
        // Given: ranked by RTT, sw1 slowest
        var order = new RowOrder();
        var view = new ViewState { Sort = SortOrder.Rtt };
        DateTimeOffset start = TestScreen.Now;
        MonitorSnapshot first = Rtts(sw1: "9", sw2: "5", ap: "1");
        Assert.Equal("sw1 sw2 ap1-10", Shown(order.Arrange(first, view, start)));

        // When: jitter makes sw2 slower a second later, and still four seconds later
        MonitorSnapshot jittered = Rtts(sw1: "5", sw2: "9", ap: "1");

        // Then: the rows stay until the hold is over, then follow
        Assert.Equal("sw1 sw2 ap1-10", Shown(order.Arrange(jittered, view, start.AddSeconds(1))));
        Assert.Equal("sw1 sw2 ap1-10", Shown(order.Arrange(jittered, view, start.AddSeconds(4.9))));
        Assert.Equal("sw2 sw1 ap1-10", Shown(order.Arrange(jittered, view, start + RowOrder.Hold)));

        // And a host going down moves up at once
        Assert.Equal("ap1-10 sw2 sw1", Shown(order.Arrange(Rtts(sw1: "5", sw2: "9", ap: "X"), view, start + RowOrder.Hold + TimeSpan.FromSeconds(1))));
    }

    private static MonitorSnapshot Rtts(string sw1, string sw2, string ap) =>
        new SnapshotBuilder("sw1 192.0.2.1\nsw2 192.0.2.20\nap1-10 192.0.2.10").Results("sw1", sw1).Results("sw2", sw2).Results("ap1-10", ap).Build();
}
