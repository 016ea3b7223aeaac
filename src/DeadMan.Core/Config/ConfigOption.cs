namespace DeadMan.Core.Config;

/// <summary>A <c>key=value</c> word with where its value starts, for diagnostics.</summary>
public readonly record struct ConfigOption(string Key, string Value, int KeyColumn, int ValueColumn);
