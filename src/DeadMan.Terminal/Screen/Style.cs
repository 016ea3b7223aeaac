namespace DeadMan.Terminal.Screen;

/// <summary>How a cell is drawn.</summary>
public readonly record struct Style(TerminalColor Foreground, TerminalColor Background, TextAttributes Attributes)
{
    public static Style Default => default;

    public static Style Of(TerminalColor foreground, TextAttributes attributes = TextAttributes.None) =>
        new(foreground, TerminalColor.Default, attributes);

    public Style With(TextAttributes attributes) => this with { Attributes = Attributes | attributes };

    public bool Equals(Style other) => Foreground == other.Foreground && Background == other.Background && Attributes == other.Attributes;

    public override int GetHashCode() => HashCode.Combine(Foreground, Background, Attributes);
}
