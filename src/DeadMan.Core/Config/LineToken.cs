namespace DeadMan.Core.Config;

/// <summary>A whitespace-separated word of a config line, unquoted.</summary>
/// <param name="Column">1-based column where the word starts.</param>
/// <param name="EqualsAt">Index in <paramref name="Text"/> of the first <c>=</c> outside quotes, or -1.</param>
internal readonly record struct LineToken(string Text, int Column, int EqualsAt);
