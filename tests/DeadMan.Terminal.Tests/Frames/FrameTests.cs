using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Terminal.Model;
using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Tests.Frames;

/// <summary>Whole screens from hand-made snapshots, compared with goldens in this folder.</summary>
public class FrameTests
{
    private const string Conference = """
        --- Upstream
        isp-a           203.0.113.1
        isp-b           198.51.100.1
        --- Core
        core-sw         192.0.2.1
        dns             dns.example.net
        web             192.0.2.80      tcp=dstport:80
        --- 4F 会議室
        ap-4f-会議室A   192.0.2.141
        ap-4f-会議室B   192.0.2.142
        """;

    private static readonly TerminalProfile s_color = new(Color: true, Unicode: true, SynchronizedOutput: true);

    private static MonitorSnapshot ConferenceSnapshot() => new SnapshotBuilder(Conference)
        .Results("isp-a", "12 14 13 15 40 12 13")
        .Results("isp-b", "12 14 X X X")
        .Results("core-sw", "0.4 0.5 0.4 0.6")
        .Results("dns", "N N N").Note("dns", "cannot resolve dns.example.net: Name or service not known")
        .Note("web", "cannot probe: no VRF device 'mgmt'")
        .Results("ap-4f-会議室A", "3 5 U 4 75")
        .Build();

    private static ScreenBuffer Compose(int width, int height, MonitorSnapshot snapshot, ViewState? view = null, TerminalProfile? profile = null, string? message = null) =>
        TestScreen.Compose(width, height, snapshot, view, profile, message).Screen;

    [Fact]
    public void Should_draw_groups_states_and_notes_When_watching_a_conference() =>
        FrameGolden.Assert("conference_80x14", Compose(80, 14, ConferenceSnapshot()));

    [Fact]
    public void Should_mark_down_rows_with_reverse_video_When_colour_is_off() =>
        FrameGolden.Assert("conference_no_color_80x14", Compose(80, 14, ConferenceSnapshot(), profile: s_color with { Color = false }));

    [Fact]
    public void Should_use_ascii_glyphs_When_the_locale_is_not_utf8() =>
        FrameGolden.Assert("conference_ascii_80x14", Compose(80, 14, ConferenceSnapshot(), profile: s_color with { Unicode = false }));

    [Fact]
    public void Should_drop_columns_and_keep_alignment_When_the_terminal_is_40_columns() =>
        FrameGolden.Assert("conference_40x10", Compose(40, 10, ConferenceSnapshot()));

    [Fact]
    public void Should_give_each_vantage_a_coloured_column_and_put_hosts_down_from_more_vantages_first_When_read_from_prometheus()
    {
        // Given: three hosts as two agents see them; hall-b's agent stopped reporting core
        static VantageReading Up(string vantage, double ms) => new(vantage, TargetStatus.Up, false, ms, ms, 0) { Sent = 4, Received = 4 };
        static VantageReading Down(string vantage) => new(vantage, TargetStatus.Down, false, null, 3, 50) { Sent = 4, Received = 2 };
        MonitorSnapshot snapshot = new SnapshotBuilder("--- Hall\ncore 192.0.2.1\nap-hall-b 192.0.2.142\nap-hall-a 192.0.2.141\n")
            .Results("core", "1 1 1 1").Vantages("core", Up("noc", 0.9), new VantageReading("hall-b", TargetStatus.Unknown, true, null, null, null))
            .Results("ap-hall-b", "3 4 4 X").Vantages("ap-hall-b", Up("noc", 3.1), Down("hall-b"))
            .Results("ap-hall-a", "3 4 X X").Vantages("ap-hall-a", Down("noc"), Down("hall-b"))
            .Build();

        // Then: a column per vantage (its RTT, DOWN white on red, stale dimmed); worst first puts the host down
        // from both vantages above the one down from hall-b only
        FrameGolden.Assert("vantages_100x8", Compose(100, 8, snapshot, new ViewState { Sort = SortOrder.DownFirst }));
        // and at 32 columns the vantages narrow to a coloured cell each, RESULT keeping its room
        FrameGolden.Assert("vantages_32x8", Compose(32, 8, snapshot, new ViewState { Sort = SortOrder.DownFirst }));
        // and its going down is told by where it was lost from, not by the last round's outcome
        TargetView apB = snapshot.Targets.Single(t => t.Spec.Name == "ap-hall-b") with { Reason = "down from hall-b" };
        Assert.Equal("down from hall-b", Views.EventsView.Reason(new StateChange(apB, TargetStatus.Up, TargetStatus.Down, snapshot.Time, 1)));
    }

    [Fact]
    public void Should_list_every_vantages_figures_When_the_detail_of_a_host_read_from_prometheus_is_open()
    {
        // Given
        MonitorSnapshot snapshot = new SnapshotBuilder("--- Hall\nap-hall-b 192.0.2.142\n")
            .Results("ap-hall-b", "3 4 4 X")
            .Vantages("ap-hall-b", new VantageReading("noc", TargetStatus.Up, false, 3.1, 3.4, 0) { Sent = 1200, Received = 1200 },
                      new VantageReading("hall-b", TargetStatus.Down, false, null, 3.3, 12.5) { Sent = 1190, Received = 1041 },
                      new VantageReading("upstream", TargetStatus.Unknown, true, null, null, null))
            .Build();
        TargetView host = snapshot.Targets.Single();

        // When
        var (screen, _) = TestScreen.Compose(100, 16, snapshot, new ViewState { Selected = host.Id, ShowDetail = true }, detail: new TargetDetail(host, []));

        // Then
        FrameGolden.Assert("detail_vantages_100x16", screen);
    }

    [Fact]
    public void Should_put_down_hosts_first_When_sorted_so() =>
        FrameGolden.Assert("sorted_down_first_80x10", Compose(80, 10, ConferenceSnapshot(), new ViewState { Sort = SortOrder.DownFirst }));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_show_a_degraded_host_in_yellow_with_its_reason_and_count_it_When_it_fails_its_users(bool color)
    {
        // Given: an access point answering, but losing and slow over the window; a spare expected down
        MonitorSnapshot snapshot = new SnapshotBuilder("""
            --- 4F 会議室
            ap-4f-a   192.0.2.141
            ap-4f-b   192.0.2.142
            spare-ap  192.0.2.149  expect=down
            """).Results("ap-4f-a", "80 X 95 120 X 88 101 97").Degraded("ap-4f-a", "loss 25% in 1m ≥ 5%, avg RTT 97 ms in 1m ≥ 50 ms")
            .Results("ap-4f-b", "3 4 3 3 4 3 3 3").Results("spare-ap", "X X X X").Build();

        // When
        ScreenBuffer screen = Compose(100, 8, snapshot, profile: TestScreen.Color with { Color = color });

        // Then
        FrameGolden.Assert($"degraded_{(color ? "color" : "no_color")}_100x8", screen);
        Assert.Equal("deadman: 1 degraded, 1 up — noc", Terminal.Formatting.WindowTitle.For(snapshot, "noc"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_dim_a_known_problem_mark_it_and_count_it_apart_When_a_down_host_is_acknowledged(bool color)
    {
        // Given: three access points down, one acknowledged with a note, one in a maintenance window; sorted worst first
        MonitorSnapshot snapshot = new SnapshotBuilder("""
            --- 4F 会議室
            ap-4f-a   192.0.2.141
            ap-4f-b   192.0.2.142
            ap-4f-c   192.0.2.143
            ap-4f-d   192.0.2.144
            """).Results("ap-4f-a", "3 3 X X X X").Acknowledged("ap-4f-a", "speaker unplugged it")
            .Results("ap-4f-b", "3 3 3 X X X").Results("ap-4f-c", "3 3 3 3 3 3")
            .Results("ap-4f-d", "3 X X X X X").InMaintenance("ap-4f-d", "4F switch replaced").Build();

        // When
        ScreenBuffer screen = Compose(100, 9, snapshot, new ViewState { Sort = SortOrder.DownFirst }, profile: TestScreen.Color with { Color = color });

        // Then: the new problem first and red; the expected ones after it, dimmed red or blue, marked and saying why;
        // each counted apart
        FrameGolden.Assert($"known_{(color ? "color" : "no_color")}_100x9", screen);
        Assert.Equal("deadman: 1 down, 1 known, 1 in maintenance, 1 up — noc", Terminal.Formatting.WindowTitle.For(snapshot, "noc"));
    }

    [Fact]
    public void Should_say_who_acknowledged_when_and_why_in_the_detail_When_a_known_problem_is_opened()
    {
        // Given
        MonitorSnapshot snapshot = new SnapshotBuilder("ap-4f-a 192.0.2.141").Results("ap-4f-a", "3 3 X X").Acknowledged("ap-4f-a", "speaker unplugged it").Build();

        // When
        ScreenBuffer detail = Compose(100, 16, snapshot, new ViewState { Selected = 0, ShowDetail = true });

        // Then: by whom, at what time (local), until when, and the note, wrapped in the detail's left column
        string at = new DateTimeOffset(2026, 11, 22, 2, 59, 0, TimeSpan.Zero).ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        string[] lines = [.. Enumerable.Range(0, 16).Select(detail.Line)];
        int known = Array.FindIndex(lines, l => l.StartsWith(" Known     ✓ acknowledged by noc@laptop", StringComparison.Ordinal));
        Assert.True(known > 0, string.Join('\n', lines));
        string said = string.Join(' ', lines.Skip(known).TakeWhile((l, i) => i == 0 || l.StartsWith("          ", StringComparison.Ordinal)).Select(l => l[11..64].Trim()));
        Assert.Equal($"✓ acknowledged by noc@laptop at {at} until it is up: speaker unplugged it · A withdraws", said);
    }

    // The lab an hour into the afternoon: a floor down, an AP overloaded (issue 30's small screens).
    private static MonitorSnapshot TroubleSnapshot() => new SnapshotBuilder("""
            --- Upstream
            internet     198.51.100.1
            --- Core
            core-sw      192.0.2.1
            --- 1F
            sw-1f        192.0.2.12
            ap-1f-a      192.0.2.111
            ap-1f-b      192.0.2.112
            --- 2F
            sw-2f        192.0.2.22
            ap-2f-b      192.0.2.122
            """).Results("internet", "25 26 25 27").Results("core-sw", "1 1 1 1")
        .Results("sw-1f", "2 2 X X").Results("ap-1f-a", "3 3 X X").Results("ap-1f-b", "4 4 X X").Results("sw-2f", "2 2 2 2")
        .Results("ap-2f-b", "80 X 95 120 X 88").Degraded("ap-2f-b", "clients 118 ≥ 80, loss 33% in 20s ≥ 10%, avg RTT 96 ms in 20s ≥ 60 ms")
        .Build();

    [Fact]
    public void Should_keep_the_counts_and_head_no_group_from_the_last_line_When_the_terminal_is_40x12_and_hosts_are_in_trouble()
    {
        // When
        ScreenBuffer screen = Compose(40, 12, TroubleSnapshot());

        // Then: the counts, shortened, where the name gave way (issue 30: the header dropped them exactly then), and
        // no group title alone on the table's last line
        FrameGolden.Assert("trouble_40x12", screen);
        Assert.EndsWith("▲3 ◆1 ▼3", screen.Line(0).TrimEnd(), StringComparison.Ordinal);
        // One line taller, the table's last line would be 2F's title, its hosts all below: it stays blank
        ScreenBuffer taller = Compose(40, 13, TroubleSnapshot());
        Assert.Equal("", taller.Line(11).Trim());
        Assert.StartsWith(" ▼ 2 more, 1 DEGRADED", taller.Line(12), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_why_a_host_is_degraded_When_the_terminal_is_80_columns()
    {
        // When
        ScreenBuffer screen = Compose(80, 24, TroubleSnapshot());

        // Then: ADDRESS gives way so the reason has room (issue 30: at 80 columns it was never shown)
        FrameGolden.Assert("trouble_80x24", screen);
        Assert.Contains("clients 118 ≥ 80, loss", Enumerable.Range(0, 24).Select(screen.Line).Single(l => l.Contains("ap-2f-b", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_every_symbol_of_its_own_words_in_ascii_When_the_terminal_has_no_unicode()
    {
        // When: --ascii (issue 30: ≥ was printed)
        ScreenBuffer screen = Compose(100, 24, TroubleSnapshot(), profile: s_color with { Unicode = false });

        // Then
        FrameGolden.Assert("trouble_ascii_100x24", screen);
        string all = string.Join('\n', Enumerable.Range(0, 24).Select(screen.Line));
        Assert.Contains("clients 118 >= 80", all, StringComparison.Ordinal);
        Assert.True(all.All(char.IsAscii), all);
    }

    [Fact]
    public void Should_explain_only_the_marks_its_hosts_can_make_When_the_legend_has_room()
    {
        // Given: pings to addresses only, then a file with a TCP port, a name and a relay too
        string icmpOnly = string.Join('\n', Enumerable.Range(0, 24).Select(Compose(110, 24, TroubleSnapshot()).Line).Where(l => l.Contains("RESULT ", StringComparison.Ordinal)));
        MonitorSnapshot every = new SnapshotBuilder("a 192.0.2.1\nb 192.0.2.2 tcp=dstport:80\nc dns.example.net\nd 192.0.2.4 relay=198.51.100.9\n").Build();
        string everyKind = string.Join('\n', Enumerable.Range(0, 24).Select(Compose(200, 24, every).Line).Where(l => l.Contains("RESULT ", StringComparison.Ordinal)));

        // Then (issue 30: the legend listed kinds the file does not use)
        Assert.Contains("X no reply", icmpOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("TCP refused", icmpOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("unresolved", icmpOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("relay", icmpOnly, StringComparison.Ordinal);
        Assert.Contains("TCP refused", everyKind, StringComparison.Ordinal);
        Assert.Contains("N unresolved", everyKind, StringComparison.Ordinal);
        Assert.Contains("relay failed/timeout", everyKind, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_only_matching_rows_and_the_filter_When_filtering() =>
        FrameGolden.Assert("filtered_80x8", Compose(80, 8, ConferenceSnapshot(), new ViewState { Filter = "会議室", EditingFilter = true }));

    [Fact]
    public void Should_count_down_hosts_out_of_view_When_rows_do_not_fit()
    {
        // Given: 30 hosts in a 10-line terminal, two of the hidden ones down
        var builder = new SnapshotBuilder(string.Join('\n', Enumerable.Range(1, 30).Select(i => $"host-{i:00} 192.0.2.{i}")));
        for (int i = 1; i <= 30; i++)
        {
            builder.Results($"host-{i:00}", i is 17 or 28 ? "1 X" : "1 2");
        }

        // When
        ScreenBuffer screen = Compose(60, 10, builder.Build());

        // Then
        FrameGolden.Assert("offscreen_down_60x10", screen);
        Assert.Contains("▼ 24 more, 2 DOWN", screen.Line(9), StringComparison.Ordinal);

        // And scrolled to the middle, then to the end (issue 13: the end used to read "▼ 21 more (21 above)")
        Assert.Contains("▲ 10 above ▼ 14 more, 2 DOWN", Compose(60, 10, builder.Build(), new ViewState { Scroll = 10 }).Line(9), StringComparison.Ordinal);
        string end = Compose(60, 10, builder.Build(), new ViewState { Scroll = int.MaxValue / 2 }).Line(9);
        Assert.Contains("▲ 24 above, 1 DOWN", end, StringComparison.Ordinal);
        Assert.DoesNotContain("▼", end, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fit_many_hosts_When_compact()
    {
        var builder = new SnapshotBuilder(string.Join('\n', Enumerable.Range(1, 40).Select(i => $"ap-{i:00} 192.0.2.{i}")));
        for (int i = 1; i <= 40; i++)
        {
            builder.Results($"ap-{i:00}", i is 7 or 33 ? "1 X" : "1 2");
        }

        FrameGolden.Assert("compact_80x8", Compose(80, 8, builder.Build(), new ViewState { Compact = true }));
    }

    [Fact]
    public void Should_show_the_reload_error_When_a_reload_failed() =>
        FrameGolden.Assert("reload_error_80x6", Compose(80, 6, ConferenceSnapshot(), message: "reload failed: lab.conf:3:9: invalid IPv4 address '10.0.0.256'; still watching the previous targets"));

    [Fact]
    public void Should_show_paused_and_help_When_asked() =>
        FrameGolden.Assert("paused_help_80x20", Compose(80, 20, new SnapshotBuilder(Conference).Build(paused: true), new ViewState { ShowHelp = true }));

    // isp-b went down (unreachable, as an ICMP error said), core-sw was down for 2m04s and is back.
    private static MonitorSnapshot WithEvents(MonitorSnapshot snapshot)
    {
        TargetView ispB = snapshot.Targets.Single(t => t.Spec.Name == "isp-b") with
        {
            LastResult = ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable from 198.18.0.1"),
        };
        TargetView core = snapshot.Targets.Single(t => t.Spec.Name == "core-sw");
        DateTimeOffset at = snapshot.Time;
        StateChange[] events =
        [
            new(ispB, TargetStatus.Up, TargetStatus.Down, at.AddSeconds(-3), 3) { Lasted = TimeSpan.FromMinutes(31) },
            new(core, TargetStatus.Down, TargetStatus.Up, at.AddSeconds(-60), 2) { Lasted = TimeSpan.FromSeconds(124) },
            new(core with { LastResult = ProbeResult.Timeout() }, TargetStatus.Up, TargetStatus.Down, at.AddSeconds(-184), 1),
        ];
        return snapshot with { Events = events };
    }

    private static TargetDetail IspBDetail(MonitorSnapshot snapshot)
    {
        TargetView ispB = snapshot.Targets.Single(t => t.Spec.Name == "isp-b");
        DateTimeOffset at = snapshot.Time;
        RecentResult[] recent =
        [
            new(at.AddSeconds(-1), ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable from 198.18.0.1")),
            new(at.AddSeconds(-2), ProbeResult.Timeout()),
            new(at.AddSeconds(-3), ProbeResult.Timeout()),
            new(at.AddSeconds(-4), ProbeResult.Reply(TimeSpan.FromMilliseconds(14), 57)),
            new(at.AddSeconds(-5), ProbeResult.Reply(TimeSpan.FromMilliseconds(12), 57)),
        ];
        return new TargetDetail(ispB, recent);
    }

    [Theory]
    [InlineData(100, 24)]
    [InlineData(60, 20)]
    [InlineData(40, 10)]
    public void Should_tell_everything_about_the_selected_host_When_its_detail_is_open(int width, int height)
    {
        // Given
        MonitorSnapshot snapshot = WithEvents(ConferenceSnapshot());
        TargetDetail detail = IspBDetail(snapshot);

        // When
        var (screen, _) = TestScreen.Compose(width, height, snapshot, new ViewState { Selected = detail.Target.Id, ShowDetail = true }, detail: detail);

        // Then
        FrameGolden.Assert($"detail_{width}x{height}", screen);
    }

    [Fact]
    public void Should_align_events_and_say_why_and_for_how_long_When_the_events_pane_is_open() =>
        FrameGolden.Assert("events_100x16", Compose(100, 16, WithEvents(ConferenceSnapshot()), new ViewState { ShowEvents = true }));

    [Fact]
    public void Should_mark_the_selected_row_When_arrows_moved_to_it()
    {
        MonitorSnapshot snapshot = ConferenceSnapshot();
        int selected = snapshot.Targets.Single(t => t.Spec.Name == "core-sw").Id;
        FrameGolden.Assert("selected_80x10", Compose(80, 10, snapshot, new ViewState { Selected = selected }));
    }

    [Fact]
    public void Should_fit_the_help_and_say_it_scrolls_When_the_terminal_is_40x10() =>
        FrameGolden.Assert("help_40x10", Compose(40, 10, ConferenceSnapshot(), new ViewState { ShowHelp = true, HelpScroll = 2 }));

    [Fact]
    public void Should_ask_in_the_status_bar_When_a_stage_screen_is_asked_to_quit() =>
        FrameGolden.Assert("stage_quit_80x6", Compose(80, 6, ConferenceSnapshot(), new ViewState { Stage = true, ConfirmingQuit = true }));

    [Theory]
    // A resolver that used to answer and now says the name does not exist
    [InlineData("resolver 192.0.2.53 dns=www.example.org", "1 1 W W", "wrong_answer_100x7", "NXDOMAIN")]
    // Full-size echoes sent whole over an uplink that carries 1400 bytes
    [InlineData("uplink 192.0.2.16 size=1472 df=on", "1 1 M M", "too_big_100x7", "too big: MTU 1400 at 192.0.2.1")]
    public void Should_mark_the_failure_and_say_its_reason_When_a_service_answers_wrongly_or_an_echo_is_too_big(string line, string results, string golden, string reason)
    {
        // Given: that host, and a router answering beside it
        string name = line.Split(' ')[0];
        MonitorSnapshot snapshot = new SnapshotBuilder(line + "\nrouter 192.0.2.1").Results(name, results).Results("router", "1 1 1 1").Build();
        int failing = snapshot.Targets.Single(t => t.Spec.Name == name).Id;

        // When: the table, then its detail
        ScreenBuffer table = Compose(100, 7, snapshot, new ViewState());
        ScreenBuffer detail = Compose(100, 14, snapshot, new ViewState { Selected = failing, ShowDetail = true });

        // Then: its letter in RESULT and in the legend, and the reason as the last result in the detail
        FrameGolden.Assert(golden, table);
        Assert.Contains(Enumerable.Range(0, 14).Select(detail.Line), text => text.TrimEnd() == $" Last      {reason}");
    }

    [Theory]
    [InlineData(1400, null, " Path MTU  1400 bytes, found ")]
    [InlineData(9000, null, " Path MTU  9000 bytes or more, found ")]
    [InlineData(null, "no reply", " Path MTU  unknown: no reply")]
    [InlineData(-1, null, " Path MTU  searching")]
    public void Should_say_the_path_mtu_in_the_detail_When_the_host_is_searched(int? bytes, string? unknownBecause, string line)
    {
        // Given: a pmtu=on host, its search ended (or, -1, not yet)
        var builder = new SnapshotBuilder("uplink 192.0.2.16 pmtu=on").Results("uplink", "1 1 1");
        MonitorSnapshot snapshot = (bytes == -1 ? builder : builder.PathMtu("uplink", bytes, unknownBecause)).Build();

        // When
        ScreenBuffer detail = Compose(100, 16, snapshot, new ViewState { Selected = snapshot.Targets.Single().Id, ShowDetail = true });

        // Then
        Assert.Contains(Enumerable.Range(0, 16).Select(detail.Line), text => text.StartsWith(line, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_show_where_the_path_stops_with_its_hops_in_the_detail_and_the_events_When_a_failed_host_was_traced()
    {
        // Given: an access point down, its path traced: the distribution switch said it has no way on
        MonitorSnapshot snapshot = new SnapshotBuilder("sw-dist-2 192.0.2.2\nap-4f-a 192.0.2.141")
            .Results("sw-dist-2", "1 1 1 1").Results("ap-4f-a", "3 3 X X")
            .Trace("ap-4f-a", "192.0.2.1=core-sw 192.0.2.2=sw-dist-2", note: "host unreachable").Build();
        TargetView ap = snapshot.Targets.Single(t => t.Spec.Name == "ap-4f-a");

        // When
        var (screen, _) = TestScreen.Compose(100, 18, snapshot, new ViewState { Selected = ap.Id, ShowDetail = true }, detail: new TargetDetail(ap, []));

        // Then
        FrameGolden.Assert("detail_trace_100x18", screen);
        Assert.Equal("last answer from 192.0.2.2 (sw-dist-2)", ap.LastAnswer);
    }

    [Fact]
    public void Should_show_the_live_trace_as_mtr_does_When_t_traces_the_selected_host()
    {
        // Given: the detail open with a live trace of four passes, the third hop silent
        var builder = new SnapshotBuilder("far 198.51.100.7").Results("far", "20 21 20 22")
            .Trace("far", "192.0.2.1=core-sw 192.0.2.9 * 198.51.100.7=far", reached: true, live: true);
        MonitorSnapshot snapshot = builder.Build();
        TargetView far = snapshot.Targets.Single();
        Core.Probing.Trace.PathTrace live = builder.LiveTrace("far")!;

        // When
        var (screen, _) = TestScreen.Compose(100, 18, snapshot, new ViewState { Selected = far.Id, ShowDetail = true, LiveTrace = true },
                                            detail: new TargetDetail(far, []) { LiveTrace = live });

        // Then
        FrameGolden.Assert("detail_live_trace_100x18", screen);
    }

    [Fact]
    public void Should_show_a_refused_bar_unlike_a_time_mark_and_a_legend_When_colour_is_off()
    {
        // Given: a web server whose port is closed, and time marks on
        MonitorSnapshot snapshot = new SnapshotBuilder("web 192.0.2.80 tcp=dstport:80\nrouter 192.0.2.1").Results("web", "R3 R3 R3").Results("router", "1 1 1 1 1 1 1 1 1 1 1 1").Build();

        // When
        ScreenBuffer screen = Compose(80, 7, snapshot, new ViewState { TimeMarkers = true }, profile: TestScreen.Color with { Color = false });

        // Then: refused in reverse video, the round-10 mark underlined, and the legend under the table says which is which
        FrameGolden.Assert("refused_no_color_80x7", screen);
        int result = screen.Line(2).IndexOf("RESULT", StringComparison.Ordinal);
        Assert.True(screen[result, 3].Style.Attributes.HasFlag(TextAttributes.Reverse));
        Assert.False(screen[result, 3].Style.Attributes.HasFlag(TextAttributes.Underline));
    }

    [Fact]
    public void Should_show_rates_utilisation_by_level_and_peak_scaled_sparklines_When_the_hosts_leave_room() =>
        FrameGolden.Assert("traffic_100x22", TrafficScreen(100, 22));

    [Theory]
    [InlineData(100, 14)] // one summary line
    [InlineData(30, 6)] // no room even for that: hosts only (it used to show no host at all, "▼ 11 more")
    public void Should_give_hosts_the_room_and_sum_traffic_up_in_one_line_When_space_is_short(int width, int height) =>
        FrameGolden.Assert($"traffic_{width}x{height}", TrafficScreen(width, height));

    // An uplink at 41 % of 1 Gbit/s whose rates vary by a fifth (visible only when scaled to their peak), a port at
    // 85 %, a port whose link is down, an agent that does not answer, and an interface not polled yet.
    private static ScreenBuffer TrafficScreen(int width, int height)
    {
        var history = Enumerable.Range(0, 30).Select(i => (In: 3e8 + (i % 5 * 5e7), Out: 9e7 + (i % 3 * 1e7))).ToList();
        Core.Snmp.Traffic.InterfaceView[] interfaces =
        [
            new("core-sw", new("ge-0/0/1", 1, "ok", 412e6, 95.1e6, 41.2, "up", 1_000_000_000, null), 5e8, 1.2e8) { History = history },
            new("core-sw", new("ge-0/0/3", 3, "ok", 850e6, 12e6, 85.0, "up", 1_000_000_000, null), 8.5e8, 1.2e7) { History = [(8.5e8, 1.2e7)] },
            new("core-sw", new("ge-0/0/2", 2, "ok", 0, 0, 0, "down", 1_000_000_000, null), 0, 0),
            new("isp-a", new("xe-1/0/0", null, "no-response", null, null, null, "unknown", 0, "no response from 203.0.113.1:161 after 3 tries of 1 s (agent down, or wrong community)"), 0, 0),
            new("isp-b", Core.Snmp.Traffic.InterfaceReading.Resolving("xe-2/0/0"), 0, 0),
        ];
        var screen = new ScreenBuffer(width, height);
        var model = new DisplayModel(ConferenceSnapshot() with { Interfaces = interfaces }, new ViewState(), "From: noc (192.0.2.7)", "0.1.0",
                                     new DateTimeOffset(2026, 11, 22, 12, 34, 56, TimeSpan.FromHours(9)), 0, null, false);
        ScreenComposer.Compose(screen, model, Theme.For(s_color));
        return screen;
    }

    [Fact]
    public void Should_draw_without_exceptions_or_overflow_When_the_terminal_is_any_size()
    {
        MonitorSnapshot snapshot = ConferenceSnapshot();
        for (int width = 0; width <= 60; width += 3)
        {
            for (int height = 0; height <= 12; height++)
            {
                ScreenBuffer screen = Compose(width, height, snapshot, new ViewState { ShowEvents = true, TimeMarkers = true });
                for (int y = 0; y < height; y++)
                {
                    Assert.True(Core.Text.DisplayWidth.Of(screen.Line(y)) == width, $"{width}x{height} row {y}");
                }
            }
        }
    }

    [Fact]
    public void Should_give_more_history_When_the_terminal_is_wide()
    {
        var builder = new SnapshotBuilder("busy 192.0.2.1").Results("busy", string.Join(' ', Enumerable.Repeat("5", 400)));

        ScreenBuffer narrow = Compose(80, 5, builder.Build());
        ScreenBuffer wide = Compose(300, 5, builder.Build());

        Assert.True(wide.Line(3).Count(c => c == '▁') > narrow.Line(3).Count(c => c == '▁') + 200);
    }
}
