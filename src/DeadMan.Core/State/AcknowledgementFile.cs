using System.Text.Json;
using System.Text.Json.Serialization;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.State;

/// <summary>
/// The state file that keeps acknowledgements across restarts (<c>--state-dir</c>, default
/// <c>$XDG_STATE_HOME/deadman/acknowledgements.json</c>): JSON, one key a line, so a damaged file is refused with
/// the line where it breaks. Written whole to a file beside it, flushed to the disk, then renamed over it: a crash
/// mid-write leaves the old file or the new, never half of one.
/// </summary>
public static class AcknowledgementFile
{
    public const string Name = "acknowledgements.json";
    private const long Largest = 4 * 1024 * 1024;

    /// <summary>The directory of <c>--state-dir</c> when none is given: $XDG_STATE_HOME/deadman, else ~/.local/state/deadman.</summary>
    public static string DefaultDirectory(Func<string, string?> environment) =>
        Path.Combine(environment("XDG_STATE_HOME") is { Length: > 0 } state ? state
            : Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "deadman");

    /// <summary>
    /// The acknowledgements saved at <paramref name="path"/> by host name; none when there is no file; null with
    /// <paramref name="problem"/> ("acknowledgements.json:7: …") when it cannot be read or is damaged.
    /// </summary>
    public static IReadOnlyDictionary<string, Acknowledgement>? Read(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            return new Dictionary<string, Acknowledgement>();
        }

        if (Platform.RegularFile.TryReadAll(path, Largest, out string why) is not { } bytes)
        {
            problem = $"{path}: {why}";
            return null;
        }

        SavedFile? saved;
        try
        {
            saved = JsonSerializer.Deserialize(bytes, AcknowledgementJson.Default.SavedFile);
        }
        catch (JsonException e)
        {
            problem = $"{path}:{(e.LineNumber ?? 0) + 1}: not a whole acknowledgements file ({FirstSentence(e.Message)})";
            return null;
        }

        var read = new Dictionary<string, Acknowledgement>(StringComparer.Ordinal);
        foreach (SavedAcknowledgement entry in saved?.Acknowledgements ?? [])
        {
            if (entry.Host is not { Length: > 0 } host || entry.By is not { Length: > 0 } by
                || entry.For is not ("down" or "degraded"))
            {
                problem = $"{path}: an entry without host, by, or a \"for\" of down or degraded ({entry.Host ?? "no host"})";
                return null;
            }

            // A file edited by hand may carry anything: who and why reach the screen as a line of text.
            read[host] = new Acknowledgement(Text.SafeText.Line(by), entry.At, entry.For == "down" ? TargetStatus.Down : TargetStatus.Degraded, entry.Until,
                                             entry.Note is { } note ? Text.SafeText.Line(note) : null)
            {
                AnyState = entry.AnyState,
            };
        }

        return read;
    }

    /// <summary>Replaces the file with these acknowledgements, whole or not at all; makes the directory (owner only) if need be.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Acknowledgement> acknowledgements)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // The owner's alone: who acknowledged what, and why, is the NOC's business.
        if (!Directory.Exists(directory) && OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var saved = new SavedFile([.. acknowledgements.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new SavedAcknowledgement(
            a.Key, a.Value.By, a.Value.At, StateWords.Name(a.Value.For), a.Value.Until, a.Value.Note, a.Value.AnyState))]);
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(saved, AcknowledgementJson.Readable.SavedFile);
        string temporary = $"{path}.{Environment.ProcessId}.new";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Write("\n"u8);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.');

    internal sealed record SavedFile(IReadOnlyList<SavedAcknowledgement>? Acknowledgements);

    internal sealed record SavedAcknowledgement(string? Host, string? By, DateTimeOffset At, string? For, DateTimeOffset? Until, string? Note, bool AnyState);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AcknowledgementFile.SavedFile))]
internal sealed partial class AcknowledgementJson : JsonSerializerContext
{
    /// <summary>Notes as they were typed, not \u-escaped: the file is read by people too.</summary>
    public static AcknowledgementJson Readable { get; } = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    });
}
