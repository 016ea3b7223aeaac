namespace DeadMan.Core.Health;

/// <summary>[health] and its [[health.match]] entries, in file order.</summary>
public sealed record HealthSettings(HealthRules Rules, IReadOnlyList<HealthMatch> Matches)
{
    public static readonly HealthSettings Default = new(HealthRules.None, []);

    /// <summary>The [[maintenance]] windows, in file order: read with the health rules, and reloaded with them.</summary>
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>The windows that apply to this host (open or not).</summary>
    public IReadOnlyList<MaintenanceWindow> MaintenanceFor(string name, string? group) => [.. Maintenance.Where(w => w.Applies(name, group))];

    /// <summary>
    /// The rules for one host: its own line's options, then the matching entries (a later one over an earlier one),
    /// then [health], then deadman's defaults.
    /// </summary>
    public HealthRules For(string name, string? group, HealthRules line)
    {
        HealthRules rules = Rules.Over(HealthRules.Defaults);
        foreach (HealthMatch match in Matches)
        {
            if (match.Applies(name, group))
            {
                rules = match.Rules.Over(rules);
            }
        }

        return line.Over(rules);
    }
}
