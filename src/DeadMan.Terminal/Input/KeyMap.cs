namespace DeadMan.Terminal.Input;

/// <summary>Keys to commands, as listed in the help; arrow and paging keys arrive decoded by System.Console.</summary>
public static class KeyMap
{
    public static UserCommand For(ConsoleKeyInfo key) => key.Key switch
    {
        ConsoleKey.UpArrow => UserCommand.ScrollUp,
        ConsoleKey.DownArrow => UserCommand.ScrollDown,
        ConsoleKey.PageUp => UserCommand.PageUp,
        ConsoleKey.PageDown => UserCommand.PageDown,
        ConsoleKey.Home => UserCommand.Home,
        ConsoleKey.End => UserCommand.End,
        ConsoleKey.Escape => UserCommand.ClearFilter,
        _ => key.KeyChar switch
        {
            'q' or 'Q' or '\u0003' => UserCommand.Quit,
            'r' or 'R' => UserCommand.Reset,
            'p' or 'P' => UserCommand.Pause,
            's' or 'S' => UserCommand.Sort,
            '/' => UserCommand.StartFilter,
            '+' or '=' => UserCommand.ScaleUp,
            '-' or '_' => UserCommand.ScaleDown,
            'e' or 'E' => UserCommand.Events,
            '?' or 'h' => UserCommand.Help,
            'c' or 'C' => UserCommand.Compact,
            't' or 'T' => UserCommand.TimeMarkers,
            'k' => UserCommand.ScrollUp,
            'j' => UserCommand.ScrollDown,
            '\f' => UserCommand.Redraw,
            _ => UserCommand.None,
        },
    };
}
