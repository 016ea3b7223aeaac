namespace DeadMan.Terminal.Model;

/// <summary>
/// The rectangle of the screen a view draws in. Every region spans the screen's width today (the composer stacks
/// them), so a view reads its lines from here and its columns from the screen.
/// </summary>
public readonly record struct Area(int Left, int Top, int Width, int Height)
{
    public static Area Lines(int top, int height, int width) => new(0, top, width, height);
}
