using DeadMan.Core.Config;

namespace DeadMan.Core.Settings;

/// <summary>The settings, or why they could not be read.</summary>
public sealed record SettingsResult(DeadmanSettings? Settings, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool HasErrors => Settings is null;
}
