namespace DeadMan.Terminal.Screen;

/// <summary>The eight ANSI colours (every terminal has them, including the Linux console) and the default.</summary>
public enum TerminalColor : byte
{
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    White,
}
