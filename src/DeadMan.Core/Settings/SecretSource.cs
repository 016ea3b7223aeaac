namespace DeadMan.Core.Settings;

/// <summary>
/// A secret in deadman.toml, given as it is or by where it lives, so the file itself can be shared: "env:NAME" (an
/// environment variable) or "file:/path" (the file's first line, at most 4 KiB read).
/// </summary>
internal static class SecretSource
{
    private const int MaxFileBytes = 4096;

    public static bool TryResolve(string text, out string value, out string? problem)
    {
        (value, problem) = text switch
        {
            _ when text.StartsWith("env:", StringComparison.Ordinal) => FromEnvironment(text[4..]),
            _ when text.StartsWith("file:", StringComparison.Ordinal) => FromFile(text[5..]),
            _ => (text, text.Length == 0 ? "is empty" : null),
        };
        return problem is null;
    }

    private static (string Value, string? Problem) FromEnvironment(string name)
    {
        string value = name.Length == 0 ? "" : Environment.GetEnvironmentVariable(name) ?? "";
        return (value, value.Length == 0 ? $"environment variable '{name}' is not set (or empty)" : null);
    }

    // The file's first line.
    private static (string Value, string? Problem) FromFile(string path)
    {
        // A device or a pipe could block or never end: only a regular file is read.
        if (path.Length == 0 || !File.Exists(path) || (File.GetAttributes(path) & (FileAttributes.Device | FileAttributes.Directory)) != 0
            || path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal))
        {
            return ("", $"'{path}' is not a file that can be read");
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            byte[] buffer = new byte[MaxFileBytes];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            string value = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Split('\n')[0].TrimEnd('\r');
            return (value, value.Length == 0 ? $"'{path}' is empty" : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ("", $"cannot read '{path}': {e.Message}");
        }
    }
}
