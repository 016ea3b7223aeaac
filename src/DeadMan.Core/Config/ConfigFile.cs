using System.Buffers;
using System.Text;
using System.Text.Unicode;
using DeadMan.Core.Platform;

namespace DeadMan.Core.Config;

/// <summary>
/// Reads a config file from disk and parses it. Whatever the path holds — a directory, a FIFO, a vanished or
/// unreadable file, a huge or binary file, text that is not UTF-8 — the answer is a <see cref="ConfigResult"/> with
/// a diagnostic, never an exception: a reload must not take down the monitor that is running.
/// </summary>
public static class ConfigFile
{
    /// <summary>A host list of 10,000 targets is under 1 MiB; anything past this is not a host list.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public static ConfigResult Load(string path)
    {
        byte[]? bytes = RegularFile.TryReadAll(path, MaxBytes, out string problem);
        if (bytes is null)
        {
            return FileProblem(path, $"cannot read config file: {problem}");
        }

        return Decode(bytes, path, out string text) is { } invalid ? new ConfigResult([], [invalid]) : ConfigParser.Parse(text, path);
    }

    /// <summary>Strict UTF-8 (an optional byte order mark is dropped); an invalid sequence is a diagnostic at its place.</summary>
    public static ConfigDiagnostic? Decode(ReadOnlySpan<byte> bytes, string fileName, out string text)
    {
        ReadOnlySpan<byte> body = bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        char[] chars = ArrayPool<char>.Shared.Rent(body.Length);
        try
        {
            OperationStatus status = Utf8.ToUtf16(body, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                text = new string(chars, 0, written);
                return null;
            }

            text = "";
            return InvalidUtf8(body, read, chars.AsSpan(0, written), fileName);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // The decoded prefix gives the line and the column in characters, as every other diagnostic counts them.
    private static ConfigDiagnostic InvalidUtf8(ReadOnlySpan<byte> body, int offset, ReadOnlySpan<char> before, string fileName)
    {
        int lineStart = before.LastIndexOf('\n') + 1;
        int line = before.Count('\n') + 1;
        return new ConfigDiagnostic(fileName, line, before.Length - lineStart + 1,
            $"invalid UTF-8 (byte 0x{body[offset]:X2}): save the file as UTF-8");
    }

    private static ConfigResult FileProblem(string path, string message) => new([], [new ConfigDiagnostic(path, 0, 0, message)]);
}
