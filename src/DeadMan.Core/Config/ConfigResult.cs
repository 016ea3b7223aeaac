namespace DeadMan.Core.Config;

/// <summary>What a parse produced: the entries in file order and every problem found.</summary>
public sealed record ConfigResult(IReadOnlyList<ConfigEntry> Entries, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Count > 0;

    public IEnumerable<TargetSpec> Targets => Entries.OfType<TargetSpec>();
}
