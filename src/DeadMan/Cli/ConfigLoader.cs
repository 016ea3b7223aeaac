using DeadMan.Core.Config;
using DeadMan.Core.Export;

namespace DeadMan.Cli;

/// <summary>Reads and parses the config file, printing any problem the way the chosen output wants it.</summary>
internal static class ConfigLoader
{
    private const int MaxShown = 20;

    public static ConfigResult? Load(RunOptions options, TextWriter error, Stream jsonOutput)
    {
        ConfigResult config = ConfigFile.Load(options.ConfigFile);
        // A host line's snmp=NAME and gauges= must name what deadman.toml has: said now, not at the first poll.
        ConfigDiagnostic[] unknown = [.. Core.Settings.SnmpAgentBook.Unknown(config, options.ConfigFile, options.Settings)];
        if (config.HasErrors || unknown.Length > 0)
        {
            Report([.. config.Diagnostics, .. unknown], options.Json, error, jsonOutput);
            return null;
        }

        return config;
    }

    private static void Report(IReadOnlyList<ConfigDiagnostic> problems, bool json, TextWriter error, Stream jsonOutput)
    {
        if (json)
        {
            CheckReport.WriteErrorsJson(problems, jsonOutput);
        }

        foreach (ConfigDiagnostic problem in problems.Take(MaxShown))
        {
            error.WriteLine($"deadman: {problem}");
        }

        // A binary file or a wrong path can have a problem on every line; the first screenful says enough.
        if (problems.Count > MaxShown)
        {
            error.WriteLine($"deadman: … and {problems.Count - MaxShown} more problems");
        }
    }
}
