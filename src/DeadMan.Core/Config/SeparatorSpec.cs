namespace DeadMan.Core.Config;

/// <summary>A <c>---</c> line; the text after the dashes, if any, titles the group below it.</summary>
public sealed record SeparatorSpec(string? Title, int Line) : ConfigEntry(Line);
