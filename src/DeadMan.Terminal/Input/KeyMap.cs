namespace DeadMan.Terminal.Input;

/// <summary>Keys to commands, as listed in the help; arrow and paging keys arrive decoded by System.Console.</summary>
public static class KeyMap
{
    public static UserCommand For(ConsoleKeyInfo key) => key.Key switch
    {
        ConsoleKey.UpArrow => UserCommand.Up,
        ConsoleKey.DownArrow => UserCommand.Down,
        ConsoleKey.PageUp => UserCommand.PageUp,
        ConsoleKey.PageDown => UserCommand.PageDown,
        ConsoleKey.Home => UserCommand.Home,
        ConsoleKey.End => UserCommand.End,
        ConsoleKey.Escape => UserCommand.Back,
        ConsoleKey.Enter => UserCommand.Open,
        _ => key.KeyChar switch
        {
            'q' or 'Q' => UserCommand.Quit,
            '\u0003' => UserCommand.Interrupt,
            'r' or 'R' => UserCommand.Reset,
            'p' or 'P' => UserCommand.Pause,
            's' or 'S' => UserCommand.Sort,
            '/' => UserCommand.StartFilter,
            '+' or '=' => UserCommand.ScaleUp,
            '-' or '_' => UserCommand.ScaleDown,
            'e' or 'E' => UserCommand.Events,
            '?' or 'h' => UserCommand.Help,
            'c' or 'C' => UserCommand.Compact,
            't' or 'T' => UserCommand.Trace,
            'a' => UserCommand.Acknowledge,
            'A' => UserCommand.Withdraw,
            'm' or 'M' => UserCommand.TimeMarkers,
            'i' or 'I' or '\r' or '\n' => UserCommand.Open,
            'k' => UserCommand.Up,
            'j' => UserCommand.Down,
            '\f' => UserCommand.Redraw,
            _ => UserCommand.None,
        },
    };
}
