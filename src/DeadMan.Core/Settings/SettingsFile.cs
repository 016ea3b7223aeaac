using DeadMan.Core.Config;

namespace DeadMan.Core.Settings;

/// <summary>Where deadman.toml is, and reading it from disk.</summary>
public static class SettingsFile
{
    public const string FileName = "deadman.toml";

    /// <summary>
    /// The file named with --settings; else deadman.toml beside the host file; else
    /// $XDG_CONFIG_HOME/deadman/deadman.toml (~/.config/… without XDG_CONFIG_HOME); null when there is none.
    /// </summary>
    public static string? Locate(string? given, string hostFile, Func<string, string?> environment)
    {
        if (given is not null)
        {
            return given;
        }

        string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(hostFile)) ?? ".", FileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        string? config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config")
            : null;
        string? user = config is null ? null : Path.Combine(config, "deadman", FileName);
        return user is not null && File.Exists(user) ? user : null;
    }

    public static SettingsResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SettingsResult(null, [new ConfigDiagnostic(path, 0, 0, $"cannot read the settings: {e.Message}")]);
        }

        return SettingsReader.Read(text, path);
    }
}
