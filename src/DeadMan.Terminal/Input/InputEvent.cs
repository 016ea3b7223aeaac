namespace DeadMan.Terminal.Input;

/// <summary>A key, or a mouse button or wheel at a cell (0-based).</summary>
public readonly record struct InputEvent(ConsoleKeyInfo Key, MouseEvent? Mouse)
{
    public static InputEvent Of(ConsoleKeyInfo key) => new(key, null);

    public static InputEvent Of(MouseEvent mouse) => new(default, mouse);
}

/// <summary>A press (not a release, not a motion) of <see cref="Button"/> at column <see cref="X"/>, row <see cref="Y"/>, from 0.</summary>
public readonly record struct MouseEvent(MouseButton Button, int X, int Y);

public enum MouseButton
{
    Left,
    Middle,
    Right,
    WheelUp,
    WheelDown,
}
