using DeadMan.Core.Config;
using DeadMan.Core.Export;

namespace DeadMan.Cli;

/// <summary>Reads and parses the config file, printing any problem the way the chosen output wants it.</summary>
internal static class ConfigLoader
{
    public static ConfigResult? Load(RunOptions options, TextWriter error, Stream jsonOutput)
    {
        string text;
        try
        {
            text = File.ReadAllText(options.ConfigFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = new ConfigDiagnostic(options.ConfigFile, 0, 0, $"cannot read config file: {e.Message}");
            Report([problem], options.Json, error, jsonOutput);
            return null;
        }

        ConfigResult config = ConfigParser.Parse(text, options.ConfigFile);
        if (config.HasErrors)
        {
            Report(config.Diagnostics, options.Json, error, jsonOutput);
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

        foreach (ConfigDiagnostic problem in problems)
        {
            error.WriteLine(problem.Line == 0 ? $"deadman: {problem.File}: {problem.Message}" : $"deadman: {problem}");
        }
    }
}
