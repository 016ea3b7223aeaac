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

        // Anything by that name is meant as the settings: a directory or a FIFO there gets said, not passed over.
        string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(hostFile)) ?? ".", FileName);
        if (Path.Exists(beside))
        {
            return beside;
        }

        string? config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config")
            : null;
        string? user = config is null ? null : Path.Combine(config, "deadman", FileName);
        return user is not null && Path.Exists(user) ? user : null;
    }

    /// <summary>A settings file is a few KiB; anything past this is not one (a symlink to /dev/zero took 4.4 GB).</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>
    /// Reads and checks the file, with the host file's guards: only a regular file (a FIFO would block this and every
    /// later reload), at most <see cref="MaxBytes"/>, strict UTF-8; any problem is a diagnostic naming the file.
    /// </summary>
    public static SettingsResult Load(string path)
    {
        byte[]? bytes = Platform.RegularFile.TryReadAll(path, MaxBytes, out string problem);
        if (bytes is null)
        {
            return new SettingsResult(null, [new ConfigDiagnostic(path, 0, 0, $"cannot read the settings: {problem}")]);
        }

        return ConfigFile.Decode(bytes, path, out string text) is { } invalid ? new SettingsResult(null, [invalid]) : SettingsReader.Read(text, path);
    }
}
