using DeadMan.Core.Monitoring;
using DeadMan.Terminal.Input;
using DeadMan.Terminal.Model;

namespace DeadMan.Terminal.Tests.Input;

/// <summary>Keys and clicks → view and requests, against the map of a screen composed as the app composes it.</summary>
public class InteractionTests
{
    // Two groups, seven hosts: more than fit in 80x8 (four rows of table under the column titles).
    private static readonly MonitorSnapshot s_snapshot = new SnapshotBuilder("""
        --- Upstream
        isp-a   203.0.113.1
        isp-b   198.51.100.1
        --- Core
        core-sw 192.0.2.1
        dns     192.0.2.53
        web     192.0.2.80
        ap-1    192.0.2.101
        ap-2    192.0.2.102
        """).Results("isp-a", "12 14").Results("isp-b", "5 X").Results("core-sw", "1 1").Results("web", "2 3").Build();

    private static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0') => new(c, key, false, false, false);

    private static ConsoleKeyInfo Char(char c) => InputDecoderTests.Keys(c.ToString())[0];

    /// <summary>Applies inputs one by one, composing the screen between them as the app does; returns the last view and every request.</summary>
    private static (ViewState View, List<AppRequest> Requests) Run(ViewState view, int width, int height, params InputEvent[] inputs)
    {
        var requests = new List<AppRequest>();
        foreach (InputEvent input in inputs)
        {
            ScreenMap map = TestScreen.Compose(width, height, s_snapshot, view).Map;
            (view, AppRequest request) = Interaction.Apply(view, input, map);
            requests.Add(request);
        }

        return (view, requests);
    }

    private static string? SelectedName(ViewState view) => s_snapshot.Targets.FirstOrDefault(t => t.Id == view.Selected)?.Spec.Name;

    [Fact]
    public void Should_select_the_first_host_on_screen_then_move_past_separators_and_scroll_with_it_When_arrows_are_pressed()
    {
        // When: the first press selects, the next ones move
        var (first, _) = Run(new ViewState(), 80, 8, InputEvent.Of(Key(ConsoleKey.DownArrow)));
        var (third, _) = Run(first, 80, 8, InputEvent.Of(Key(ConsoleKey.DownArrow)), InputEvent.Of(Key(ConsoleKey.DownArrow)));
        var (last, _) = Run(third, 80, 8, [.. Enumerable.Repeat(InputEvent.Of(Char('j')), 10)]);

        // Then: the separator between isp-b and core-sw is skipped; the table scrolls so ap-2 stays in view
        Assert.Equal("isp-a", SelectedName(first));
        Assert.Equal("core-sw", SelectedName(third));
        Assert.Equal("ap-2", SelectedName(last));
        Assert.Contains(TestScreen.Compose(80, 8, s_snapshot, last).Map.Cells, c => c.Row == 8);
        Assert.Equal("isp-a", SelectedName(Run(last, 80, 8, InputEvent.Of(Key(ConsoleKey.Home))).View));
    }

    [Fact]
    public void Should_open_the_detail_and_close_it_with_q_before_q_quits_When_enter_is_pressed()
    {
        // When
        var (view, requests) = Run(new ViewState(), 80, 12, InputEvent.Of(Key(ConsoleKey.Enter, '\r')), InputEvent.Of(Char('q')), InputEvent.Of(Char('q')));

        // Then: Enter opened isp-a, the first q closed it, the second quit
        Assert.Equal("isp-a", SelectedName(view));
        Assert.False(view.ShowDetail);
        Assert.Equal([AppRequest.None, AppRequest.None, AppRequest.Quit], requests);
        Assert.True(Run(new ViewState(), 80, 12, InputEvent.Of(Char('i'))).View.ShowDetail);
    }

    [Fact]
    public void Should_scroll_the_detail_with_page_keys_and_go_to_the_next_host_with_arrows_When_the_detail_is_longer_than_the_screen()
    {
        // Given: isp-b's detail at 40x10, too long for it
        var (open, _) = Run(new ViewState(), 40, 10, InputEvent.Of(Char('j')), InputEvent.Of(Char('j')), InputEvent.Of(Char('i')));
        ScreenMap map = TestScreen.Compose(40, 10, s_snapshot, open).Map;
        Assert.True(map.DetailLines > map.DetailVisible, $"{map.DetailLines} lines, {map.DetailVisible} visible");

        // When
        var (paged, _) = Run(open, 40, 10, InputEvent.Of(Key(ConsoleKey.PageDown)));
        var (end, _) = Run(open, 40, 10, InputEvent.Of(Key(ConsoleKey.End)));
        var (next, _) = Run(end, 40, 10, InputEvent.Of(Key(ConsoleKey.DownArrow)));

        // Then: the page keys scroll, the arrow opens the next host from its top
        Assert.Equal(("isp-b", true), (SelectedName(open), open.ShowDetail));
        Assert.Equal(map.DetailVisible - 1, paged.DetailScroll);
        Assert.Equal(map.DetailLines - map.DetailVisible, end.DetailScroll);
        Assert.Equal(("core-sw", true, 0), (SelectedName(next), next.ShowDetail, next.DetailScroll));
    }

    [Theory]
    [InlineData('?')]
    [InlineData('e')]
    public void Should_close_the_overlay_not_quit_When_q_or_esc_is_pressed_in_it(char opens)
    {
        // When
        var (afterQ, requestsQ) = Run(new ViewState(), 80, 12, InputEvent.Of(Char(opens)), InputEvent.Of(Char('q')));
        var (afterEsc, requestsEsc) = Run(new ViewState(), 80, 12, InputEvent.Of(Char(opens)), InputEvent.Of(Key(ConsoleKey.Escape, '\e')));

        // Then
        Assert.All(new[] { afterQ, afterEsc }, v => Assert.False(v.OverlayOpen));
        Assert.DoesNotContain(AppRequest.Quit, requestsQ.Concat(requestsEsc));
    }

    [Fact]
    public void Should_ask_before_quitting_and_stay_unless_y_When_the_screen_is_a_stage()
    {
        var stage = new ViewState { Stage = true };

        // When: q, then a stray key; q, then y
        var (stayed, stayRequests) = Run(stage, 80, 12, InputEvent.Of(Char('q')), InputEvent.Of(Char('x')));
        var (_, quitRequests) = Run(stage, 80, 12, InputEvent.Of(Char('q')), InputEvent.Of(Char('y')));
        var (_, interrupt) = Run(stage, 80, 12, InputEvent.Of(Char('\u0003')));

        // Then
        Assert.False(stayed.ConfirmingQuit);
        Assert.DoesNotContain(AppRequest.Quit, stayRequests);
        Assert.Equal([AppRequest.None, AppRequest.Quit], quitRequests);
        Assert.Equal([AppRequest.Quit], interrupt);
    }

    [Fact]
    public void Should_edit_keep_and_clear_the_filter_When_typing_after_slash()
    {
        // When: "/wex", Backspace, Enter keeps "we"; then Esc clears it
        var (kept, _) = Run(new ViewState(), 80, 12, InputEvent.Of(Char('/')), InputEvent.Of(Char('w')), InputEvent.Of(Char('e')), InputEvent.Of(Char('x')),
                            InputEvent.Of(Key(ConsoleKey.Backspace, '\u007f')), InputEvent.Of(Key(ConsoleKey.Enter, '\r')));
        var (cleared, _) = Run(kept, 80, 12, InputEvent.Of(Key(ConsoleKey.Escape, '\e')));

        // Then: typed letters are text, not commands (e did not open the events)
        Assert.Equal(("we", false, false), (kept.Filter, kept.EditingFilter, kept.ShowEvents));
        Assert.Equal("", cleared.Filter);
    }

    [Fact]
    public void Should_open_the_clicked_host_and_sort_by_the_clicked_title_When_the_mouse_is_used()
    {
        // Given: where core-sw and the LOSS title are on screen
        ScreenMap map = TestScreen.Compose(80, 12, s_snapshot).Map;
        RowCell core = map.Cells.Single(c => map.Rows[c.Row].Target?.Spec.Name == "core-sw");
        ColumnTitle loss = map.Titles.Single(t => t.Sort == SortOrder.Loss);

        // When
        var (clicked, _) = Run(new ViewState(), 80, 12, InputEvent.Of(new MouseEvent(MouseButton.Left, 5, core.Y)));
        var (sorted, _) = Run(new ViewState(), 80, 12, InputEvent.Of(new MouseEvent(MouseButton.Left, loss.X + 1, map.TitleY)));
        var (unsorted, _) = Run(sorted, 80, 12, InputEvent.Of(new MouseEvent(MouseButton.Left, loss.X + 1, map.TitleY)));
        var (scrolled, _) = Run(new ViewState(), 80, 8, InputEvent.Of(new MouseEvent(MouseButton.WheelDown, 5, 4)));

        // Then
        Assert.Equal(("core-sw", true), (SelectedName(clicked), clicked.ShowDetail));
        Assert.Equal(SortOrder.Loss, sorted.Sort);
        Assert.Equal(SortOrder.File, unsorted.Sort);
        Assert.Equal(3, scrolled.Scroll);
    }

    [Fact]
    public void Should_reach_every_line_of_the_help_When_scrolling_it_at_40x10()
    {
        // Given
        var (open, _) = Run(new ViewState(), 40, 10, InputEvent.Of(Char('?')));
        ScreenMap map = TestScreen.Compose(40, 10, s_snapshot, open).Map;

        // When: End, then the wheel back up
        var (end, _) = Run(open, 40, 10, InputEvent.Of(Key(ConsoleKey.End)));
        var (up, _) = Run(end, 40, 10, InputEvent.Of(new MouseEvent(MouseButton.WheelUp, 3, 4)));

        // Then: the help is longer than the screen, End shows its last line, arrows did not move the selection
        Assert.True(map.HelpLines > map.HelpVisible, $"{map.HelpLines} lines, {map.HelpVisible} visible");
        Assert.Equal(map.HelpLines - map.HelpVisible, end.HelpScroll);
        Assert.Equal(end.HelpScroll - 3, up.HelpScroll);
        Assert.Null(end.Selected);
    }
    [Fact]
    public void Should_ask_a_note_then_how_long_and_order_the_acknowledgement_When_a_is_pressed_on_a_down_host()
    {
        // Given: isp-b selected (down)
        var (selected, _) = Run(new ViewState(), 80, 8, InputEvent.Of(Key(ConsoleKey.DownArrow)), InputEvent.Of(Key(ConsoleKey.DownArrow)));
        Assert.Equal("isp-b", SelectedName(selected));

        // When: a, a note with a typo fixed, Enter, then 2 (an hour)
        var (asking, _) = Run(selected, 80, 8, [InputEvent.Of(Char('a')), .. "new linkk".Select(c => InputEvent.Of(Char(c))), InputEvent.Of(Key(ConsoleKey.Backspace))]);
        var (choosing, _) = Run(asking, 80, 8, InputEvent.Of(Key(ConsoleKey.Enter)));
        var (done, requests) = Run(choosing, 80, 8, InputEvent.Of(Char('q')), InputEvent.Of(Char('2')));

        // Then: the prompt named the host and held the note (q, no choice, neither quit nor closed it); the order is
        // isp-b's, with the note, for an hour
        Assert.Equal((1, "isp-b", "new link", "Upstream"), (asking.Acknowledging!.TargetId, asking.Acknowledging.Name, asking.Acknowledging.Note, asking.Acknowledging.Group));
        Assert.True(choosing.Acknowledging!.ChoosingDuration);
        Assert.Equal([AppRequest.None, AppRequest.Acknowledge], requests);
        Assert.Null(done.Acknowledging);
        Assert.Equal([1], done.Ordered!.TargetIds);
        Assert.Equal(("new link", AcknowledgeFor.Hour, false), (done.Ordered.Note, done.Ordered.Duration, done.Ordered.Withdraw));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero), done.Ordered.Until(new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero)));
        Assert.Contains("acknowledge isp-b", TestScreen.Compose(80, 8, s_snapshot, asking).Screen.Line(7), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_drop_the_prompt_When_escape_is_pressed_while_acknowledging()
    {
        var (selected, _) = Run(new ViewState(), 80, 8, InputEvent.Of(Key(ConsoleKey.DownArrow)), InputEvent.Of(Key(ConsoleKey.DownArrow)));

        var (view, requests) = Run(selected, 80, 8, InputEvent.Of(Char('a')), InputEvent.Of(Char('x')), InputEvent.Of(Key(ConsoleKey.Escape)));

        Assert.Null(view.Acknowledging);
        Assert.Null(view.Ordered);
        Assert.All(requests, r => Assert.Equal(AppRequest.None, r));
        Assert.Equal("isp-b", SelectedName(view));
    }

    [Fact]
    public void Should_say_why_not_until_the_next_key_When_a_is_pressed_on_a_host_that_is_up_or_A_on_one_not_acknowledged()
    {
        // When: a on isp-a (up), then A on isp-b (down, not acknowledged)
        var (up, _) = Run(new ViewState(), 80, 8, InputEvent.Of(Key(ConsoleKey.DownArrow)), InputEvent.Of(Char('a')));
        var (down, _) = Run(up, 80, 8, InputEvent.Of(Key(ConsoleKey.DownArrow)), InputEvent.Of(Char('A')));
        var (after, _) = Run(down, 80, 8, InputEvent.Of(Key(ConsoleKey.UpArrow)));

        // Then
        Assert.Equal("isp-a is up: nothing to acknowledge", up.Hint);
        Assert.Null(up.Acknowledging);
        Assert.Equal("isp-b has no acknowledgement to withdraw", down.Hint);
        Assert.Null(after.Hint);
    }

    [Theory]
    [InlineData('a')]
    [InlineData('A')]
    public void Should_order_it_withdrawn_When_a_or_A_is_pressed_on_an_acknowledged_host(char key)
    {
        // Given: isp-b acknowledged
        MonitorSnapshot known = new SnapshotBuilder("isp-a 203.0.113.1\nisp-b 198.51.100.1").Results("isp-a", "1").Results("isp-b", "X").Acknowledged("isp-b", null).Build();
        var view = new ViewState { Selected = 1 };

        // When
        (ViewState after, AppRequest request) = Interaction.Apply(view, InputEvent.Of(Char(key)), TestScreen.Compose(80, 8, known, view).Map);

        // Then
        Assert.Equal(AppRequest.Acknowledge, request);
        Assert.True(after.Ordered!.Withdraw);
        Assert.Equal([1], after.Ordered.TargetIds);
    }
    [Fact]
    public void Should_acknowledge_the_whole_groups_trouble_When_tab_is_pressed_in_the_prompt()
    {
        // Given: a floor with two access points down and one up, and another floor's host down; the first AP selected
        MonitorSnapshot floor = new SnapshotBuilder("--- 4F\nap-a 192.0.2.1\nap-b 192.0.2.2\nap-c 192.0.2.3\n--- 3F\nap-d 192.0.2.4")
            .Results("ap-a", "X").Results("ap-b", "X").Results("ap-c", "1").Results("ap-d", "X").Build();
        var view = new ViewState { Selected = 0 };
        ConsoleKeyInfo[] keys = [.. new[] { Char('a'), Key(ConsoleKey.Tab, '\t') }, .. "swap".Select(Char), Key(ConsoleKey.Enter), Key(ConsoleKey.Enter)];
        AppRequest request = AppRequest.None;
        ViewState? tabbed = null;

        // When: a, Tab, a note, Enter, Enter
        foreach (ConsoleKeyInfo key in keys)
        {
            (view, request) = Interaction.Apply(view, InputEvent.Of(key), TestScreen.Compose(80, 12, floor, view).Map);
            tabbed ??= view.Acknowledging is { WholeGroup: true } ? view : null;
        }

        // Then: the prompt named the group; the order is for the floor's hosts in trouble, not the other floor's
        Assert.Equal("4F: 2 hosts", tabbed!.Acknowledging!.Subject);
        Assert.Equal(AppRequest.Acknowledge, request);
        Assert.Equal([0, 1], view.Ordered!.TargetIds);
        Assert.Equal("swap", view.Ordered.Note);
    }
}
