namespace DeadMan.Core.Health;

/// <summary>
/// One rule of <see cref="HealthRules"/> as the files spell it: <c>loss_warn</c> in deadman.toml's [health] and
/// [[health.match]], <c>loss-warn=</c> on a host line.
/// </summary>
/// <param name="Name">Its key in deadman.toml.</param>
/// <param name="Value">What it holds: how it is read, checked and shown.</param>
/// <param name="Shown">
/// How --check says it, {0} the value: "down after {0}", "loss ≥ {0}". Null for the window, which is said as what
/// the limits are measured over.
/// </param>
/// <param name="Help">What it is for, in a few words, as "did you mean" says it.</param>
/// <param name="Limit">True for a limit that makes a host degraded ("degraded at …").</param>
/// <param name="OnHostLine">True when a host line may set it too (the window is deadman.toml's only).</param>
/// <param name="Get">The rule's value in a set of rules, null when the set leaves it to the level below.</param>
/// <param name="With">A set of rules with this one set to a value that <see cref="HealthValues.TryRead"/> gave.</param>
public sealed record HealthRuleKey(string Name, HealthValue Value, string? Shown, string Help, bool Limit, bool OnHostLine,
                                   Func<HealthRules, object?> Get, Func<HealthRules, object, HealthRules> With)
{
    /// <summary>Its option on a host line (down_after is <c>down-after=</c>), or null when a host line may not set it.</summary>
    public string? HostOption => OnHostLine ? Name.Replace('_', '-') : null;
}
