namespace DeadMan.Terminal.Screen;

[Flags]
public enum TextAttributes : byte
{
    None = 0,
    Bold = 1,
    Dim = 2,
    Underline = 4,
    Blink = 8,
    Reverse = 16,
}
