namespace DeadMan.Core.Config;

/// <summary>A problem in a config file, located to the character; line 0 is the file as a whole (it cannot be read).</summary>
public sealed record ConfigDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>"lab.conf:7:24: …", safe to print: a diagnostic may quote the file's own text (an unknown key).</summary>
    public override string ToString() => Text.SafeText.Line(Line == 0 ? $"{File}: {Message}" : $"{File}:{Line}:{Column}: {Message}");
}
