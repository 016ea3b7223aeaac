using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Cli;

/// <summary>Reads deadman.toml, if there is one, printing its problems the way the chosen output wants them.</summary>
internal static class SettingsLoader
{
    /// <returns>The settings (none when <paramref name="path"/> is null), or null when the file has problems.</returns>
    public static DeadmanSettings? Load(string? path, bool json, TextWriter error, Stream jsonOutput)
    {
        if (path is null)
        {
            return DeadmanSettings.None;
        }

        SettingsResult result = SettingsFile.Load(path);
        if (result.Settings is { } settings)
        {
            return settings;
        }

        if (json)
        {
            CheckReport.WriteErrorsJson(result.Diagnostics, jsonOutput);
        }

        foreach (ConfigDiagnostic problem in result.Diagnostics)
        {
            error.WriteLine($"deadman: {problem}");
        }

        return null;
    }
}
