using System.Text.RegularExpressions;

namespace DeadMan.Core.Health;

/// <summary>A [[health.match]] entry: rules for the hosts whose group title and/or name match shell-style globs (<c>4F*</c>, <c>ap-?</c>).</summary>
public sealed record HealthMatch(string? Group, string? Name, HealthRules Rules)
{
    public bool Applies(string name, string? group) =>
        (Group is null || (group is not null && Glob(Group).IsMatch(group))) && (Name is null || Glob(Name).IsMatch(name));

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);
}
