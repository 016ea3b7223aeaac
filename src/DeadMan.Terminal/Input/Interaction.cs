using DeadMan.Core.Health;
using DeadMan.Terminal.Model;

namespace DeadMan.Terminal.Input;

/// <summary>
/// The operator's keys and clicks as changes of view, and requests for the app: a pure function of the view, the
/// input and where the last frame put things, so every path can be tried without a terminal.
/// Whatever is open over the table answers first: q and Esc close it, the arrows scroll it; other keys reach the table.
/// </summary>
public static class Interaction
{
    private const int WheelStep = 3;

    public static (ViewState View, AppRequest Request) Apply(ViewState view, InputEvent input, ScreenMap map)
    {
        if (input.Mouse is { } mouse)
        {
            return (Click(view with { ConfirmingQuit = false }, mouse, map), AppRequest.None);
        }

        ConsoleKeyInfo key = input.Key;
        UserCommand command = KeyMap.For(key);
        if (command == UserCommand.Interrupt)
        {
            return (view, AppRequest.Quit);
        }

        view = view.Hint is null ? view : view with { Hint = null };
        if (view.Acknowledging is { } prompt)
        {
            return EditAcknowledgement(view, prompt, key);
        }

        if (view.ConfirmingQuit)
        {
            return key.KeyChar is 'y' or 'Y' ? (view, AppRequest.Quit) : (view with { ConfirmingQuit = false }, AppRequest.None);
        }

        if (view.EditingFilter)
        {
            return (EditFilter(view, key), AppRequest.None);
        }

        if (view.ShowHelp && Scroll(command, view.HelpScroll, Math.Max(0, map.HelpLines - map.HelpVisible), map.HelpVisible) is { } help)
        {
            return (view with { HelpScroll = help }, AppRequest.None);
        }

        // With the detail open the arrows go to the next host; the page keys scroll the detail.
        if (view.ShowDetail && !view.ShowHelp && command is not (UserCommand.Up or UserCommand.Down)
            && Scroll(command, view.DetailScroll, Math.Max(0, map.DetailLines - map.DetailVisible), map.DetailVisible) is { } detail)
        {
            return (view with { DetailScroll = detail }, AppRequest.None);
        }

        if (view.ShowEvents && !view.ShowDetail && Scroll(command, view.EventsScroll, Math.Max(0, map.EventCount - map.EventsVisible), map.EventsVisible) is { } events)
        {
            return (view with { EventsScroll = events }, AppRequest.None);
        }

        if (command is UserCommand.Quit or UserCommand.Back && view.OverlayOpen)
        {
            // On a stage screen one stray key must not end the watch: q closes what is open, the top one first.
            return (view.ShowHelp ? view with { ShowHelp = false }
                    : view.ShowDetail ? view with { ShowDetail = false, LiveTrace = false }
                    : view with { ShowEvents = false }, AppRequest.None);
        }

        return command switch
        {
            UserCommand.Quit when view.Stage => (view with { ConfirmingQuit = true }, AppRequest.None),
            UserCommand.Quit => (view, AppRequest.Quit),
            UserCommand.Reset => (view, AppRequest.Reset),
            UserCommand.Pause => (view, AppRequest.Pause),
            UserCommand.Redraw => (view, AppRequest.Redraw),
            UserCommand.Acknowledge or UserCommand.Withdraw => Acknowledge(view, map, withdraw: command == UserCommand.Withdraw),
            _ => (Table(view, command, map), AppRequest.None),
        };
    }

    private static ViewState Table(ViewState view, UserCommand command, ScreenMap map) => command switch
    {
        UserCommand.Sort => view.NextSort(),
        UserCommand.StartFilter => view with { EditingFilter = true },
        UserCommand.Back when view.Filter.Length > 0 => view with { Filter = "" },
        UserCommand.Back => view with { Selected = null },
        UserCommand.Up => Move(view, map, -1),
        UserCommand.Down => Move(view, map, 1),
        UserCommand.PageUp when view.Selected is null => view with { Scroll = Math.Max(0, map.FirstLine - map.Page) },
        UserCommand.PageDown when view.Selected is null => view with { Scroll = map.FirstLine + map.Page },
        UserCommand.PageUp => Move(view, map, -map.Page),
        UserCommand.PageDown => Move(view, map, map.Page),
        UserCommand.Home when view.Selected is null => view with { Scroll = 0 },
        UserCommand.End when view.Selected is null => view with { Scroll = int.MaxValue / 2 },
        UserCommand.Home => Move(view, map, -map.Rows.Count),
        UserCommand.End => Move(view, map, map.Rows.Count),
        UserCommand.Open when view.ShowDetail => view with { ShowDetail = false, LiveTrace = false },
        UserCommand.Trace when view.ShowDetail => view with { LiveTrace = !view.LiveTrace },
        UserCommand.Trace => Select(view, map) is { Selected: not null } traced ? traced with { ShowDetail = true, DetailScroll = 0, LiveTrace = true } : view,
        UserCommand.Open => Select(view, map) is { Selected: not null } selected ? selected with { ShowDetail = true, DetailScroll = 0 } : view,
        UserCommand.ScaleUp => view.ScaleUp(),
        UserCommand.ScaleDown => view.ScaleDown(),
        UserCommand.Events => view with { ShowEvents = !view.ShowEvents, EventsScroll = 0 },
        UserCommand.Help => view with { ShowHelp = !view.ShowHelp, HelpScroll = 0 },
        UserCommand.Compact => view with { Compact = !view.Compact, Scroll = 0 },
        UserCommand.TimeMarkers => view with { TimeMarkers = !view.TimeMarkers },
        _ => view,
    };

    /// <summary>The first press of an arrow selects the first host on screen; the next ones move, scrolling to keep it in view.</summary>
    private static ViewState Move(ViewState view, ScreenMap map, int by)
    {
        int at = IndexOf(map, view.Selected);
        if (at < 0)
        {
            return Select(view, map);
        }

        var targets = Enumerable.Range(0, map.Rows.Count).Where(i => map.Rows[i].Target is not null).ToList();
        int position = targets.IndexOf(at);
        int next = targets[Math.Clamp(position + by, 0, targets.Count - 1)];
        return KeepInView(view with { Selected = map.Rows[next].Target!.Id, DetailScroll = 0 }, map, next);
    }

    private static ViewState Select(ViewState view, ScreenMap map)
    {
        if (IndexOf(map, view.Selected) >= 0)
        {
            return view;
        }

        RowCell? first = map.Cells.Where(c => map.Rows[c.Row].Target is not null).Select(c => (RowCell?)c).FirstOrDefault();
        return first is { } cell ? view with { Selected = map.Rows[cell.Row].Target!.Id } : view;
    }

    private static ViewState KeepInView(ViewState view, ScreenMap map, int row)
    {
        int line = map.Lines[row];
        return line < map.FirstLine ? view with { Scroll = line }
            : line >= map.FirstLine + map.VisibleLines ? view with { Scroll = line - map.VisibleLines + 1 }
            : view with { Scroll = map.FirstLine };
    }

    private static int IndexOf(ScreenMap map, int? id)
    {
        if (id is not { } wanted)
        {
            return -1;
        }

        for (int i = 0; i < map.Rows.Count; i++)
        {
            if (map.Rows[i].Target?.Id == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The new first line of a scrolled pane, or null for a key that does not scroll.</summary>
    private static int? Scroll(UserCommand command, int at, int last, int page) => command switch
    {
        UserCommand.Up => Math.Max(0, at - 1),
        UserCommand.Down => Math.Min(last, at + 1),
        UserCommand.PageUp => Math.Max(0, at - Math.Max(1, page - 1)),
        UserCommand.PageDown => Math.Min(last, at + Math.Max(1, page - 1)),
        UserCommand.Home => 0,
        UserCommand.End => last,
        _ => null,
    };

    private static ViewState Click(ViewState view, MouseEvent mouse, ScreenMap map)
    {
        bool wheel = mouse.Button is MouseButton.WheelUp or MouseButton.WheelDown;
        int step = mouse.Button == MouseButton.WheelUp ? -WheelStep : WheelStep;
        if (wheel)
        {
            if (view.ShowHelp)
            {
                return view with { HelpScroll = Math.Clamp(view.HelpScroll + step, 0, Math.Max(0, map.HelpLines - map.HelpVisible)) };
            }

            if (view.ShowDetail)
            {
                return view with { DetailScroll = Math.Clamp(view.DetailScroll + step, 0, Math.Max(0, map.DetailLines - map.DetailVisible)) };
            }

            if (view.ShowEvents && mouse.Y >= map.EventsTop - 1 && map.EventsTop >= 0)
            {
                return view with { EventsScroll = Math.Clamp(view.EventsScroll + step, 0, Math.Max(0, map.EventCount - map.EventsVisible)) };
            }

            return view with { Scroll = Math.Max(0, map.FirstLine + step) };
        }

        if (mouse.Button != MouseButton.Left)
        {
            return view;
        }

        // A click closes what is open over the table, as Esc does.
        if (view.ShowHelp || view.ShowDetail)
        {
            return view with { ShowHelp = false, ShowDetail = false, LiveTrace = false };
        }

        if (mouse.Y == map.TitleY)
        {
            foreach (ColumnTitle title in map.Titles)
            {
                if (mouse.X >= title.X && mouse.X < title.X + title.Width)
                {
                    return view with { Sort = view.Sort == title.Sort ? SortOrder.File : title.Sort, Scroll = 0 };
                }
            }

            return view;
        }

        foreach (RowCell cell in map.Cells)
        {
            if (mouse.Y == cell.Y && mouse.X >= cell.X && mouse.X < cell.X + cell.Width && map.Rows[cell.Row].Target is { } target)
            {
                return view with { Selected = target.Id, ShowDetail = true, DetailScroll = 0 };
            }
        }

        return view;
    }

    // a on a host with a problem opens the prompt; on an acknowledged host (or A), withdraws; else says why not.
    private static (ViewState, AppRequest) Acknowledge(ViewState view, ScreenMap map, bool withdraw)
    {
        ViewState selected = Select(view, map);
        int at = IndexOf(map, selected.Selected);
        if (at < 0 || map.Rows[at].Target is not { } target)
        {
            return (view, AppRequest.None);
        }

        if (target.Acknowledgement is not null)
        {
            return (selected with { Ordered = new AcknowledgeOrder([target.Id], null, AcknowledgeFor.UntilUp, Withdraw: true) }, AppRequest.Acknowledge);
        }

        return withdraw ? (selected with { Hint = $"{target.Spec.Name} has no acknowledgement to withdraw" }, AppRequest.None)
            : target.Status is TargetStatus.Down or TargetStatus.Degraded ? (selected with { Acknowledging = Prompt(target, map) }, AppRequest.None)
            : (selected with { Hint = $"{target.Spec.Name} is {StateWords.Name(target.Status)}: nothing to acknowledge" }, AppRequest.None);
    }

    // The host, and what Tab turns the prompt to: the hosts of its group, as shown, in trouble and not yet known.
    private static AcknowledgePrompt Prompt(Core.Monitoring.TargetView target, ScreenMap map) => new(target.Id, target.Spec.Name)
    {
        Group = target.Spec.Group,
        GroupIds = target.Spec.Group is null ? [] : [.. map.Rows.Select(r => r.Target).OfType<Core.Monitoring.TargetView>()
            .Where(t => t.Spec.Group == target.Spec.Group && t.Status is TargetStatus.Down or TargetStatus.Degraded && t.Acknowledgement is null).Select(t => t.Id)],
    };

    // The note, typed as a filter is; Tab turns it to the whole group (and back); Enter goes on to how long, one key of u 1 2 3 d x (Enter: until up); Esc drops it.
    private static (ViewState, AppRequest) EditAcknowledgement(ViewState view, AcknowledgePrompt prompt, ConsoleKeyInfo key)
    {
        if (key.Key == ConsoleKey.Escape)
        {
            return (view with { Acknowledging = null }, AppRequest.None);
        }

        if (!prompt.ChoosingDuration)
        {
            return (key.Key switch
            {
                ConsoleKey.Enter => view with { Acknowledging = prompt with { ChoosingDuration = true } },
                ConsoleKey.Tab when prompt.GroupIds.Count > 1 => view with { Acknowledging = prompt with { WholeGroup = !prompt.WholeGroup } },
                ConsoleKey.Backspace => view with { Acknowledging = prompt with { Note = prompt.Note.Length == 0 ? "" : prompt.Note[..^1] } },
                _ when !char.IsControl(key.KeyChar) && prompt.Note.Length < AcknowledgePrompt.LongestNote => view with { Acknowledging = prompt with { Note = prompt.Note + key.KeyChar } },
                _ => view,
            }, AppRequest.None);
        }

        AcknowledgeFor? duration = key.Key == ConsoleKey.Enter ? AcknowledgeFor.UntilUp : key.KeyChar switch
        {
            'u' or 'U' => AcknowledgeFor.UntilUp,
            '1' => AcknowledgeFor.Quarter,
            '2' => AcknowledgeFor.Hour,
            '3' => AcknowledgeFor.FourHours,
            'd' or 'D' => AcknowledgeFor.RestOfDay,
            'x' or 'X' => AcknowledgeFor.AnyState,
            _ => null,
        };
        if (duration is not { } chosen)
        {
            return (view, AppRequest.None);
        }

        string? note = prompt.Note.Trim() is { Length: > 0 } text ? text : null;
        return (view with { Acknowledging = null, Ordered = new AcknowledgeOrder(prompt.Ids, note, chosen) }, AppRequest.Acknowledge);
    }

    private static ViewState EditFilter(ViewState view, ConsoleKeyInfo key) => key.Key switch
    {
        ConsoleKey.Escape => view with { Filter = "", EditingFilter = false },
        ConsoleKey.Enter => view with { EditingFilter = false },
        ConsoleKey.Backspace => view with { Filter = view.Filter.Length == 0 ? "" : view.Filter[..^1] },
        _ when !char.IsControl(key.KeyChar) => view with { Filter = view.Filter + key.KeyChar, Scroll = 0 },
        _ => view,
    };
}
