using System.IO.Enumeration;

namespace DeadMan.Core.Health;

/// <summary>
/// A [[health.match]] entry: rules for the hosts whose group title and/or name match shell-style globs (<c>4F*</c>,
/// <c>ap-?</c>), ignoring case; a backslash makes the <c>*</c> or <c>?</c> after it literal.
/// </summary>
public sealed record HealthMatch(string? Group, string? Name, HealthRules Rules)
{
    public bool Applies(string name, string? group) =>
        (Group is null || (group is not null && Glob(Group, group))) && (Name is null || Glob(Name, name));

    // The framework's matcher never matches an empty text, where a shell's "*" does (an untitled group).
    private static bool Glob(string pattern, string text) =>
        text.Length == 0 ? pattern.All(c => c == '*') : FileSystemName.MatchesSimpleExpression(pattern, text);
}
