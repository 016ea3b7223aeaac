namespace DeadMan.Terminal.Model;

/// <summary>What the terminal and the operator allow: colour, Unicode glyphs, synchronized output.</summary>
public sealed record TerminalProfile(bool Color, bool Unicode, bool SynchronizedOutput)
{
    /// <summary>
    /// From the environment: NO_COLOR (https://no-color.org) or --no-color turn colour off; a locale that is not
    /// UTF-8, or --ascii, turn glyphs to ASCII; the Linux console gets no DEC 2026 markers (it has no use for them).
    /// </summary>
    public static TerminalProfile Detect(Func<string, string?> environment, bool noColor, bool ascii)
    {
        bool color = !noColor && string.IsNullOrEmpty(environment("NO_COLOR"));
        string locale = environment("LC_ALL") is { Length: > 0 } all ? all
            : environment("LC_CTYPE") is { Length: > 0 } ctype ? ctype
            : environment("LANG") ?? "";
        bool utf8 = locale.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || locale.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        string term = environment("TERM") ?? "";
        return new TerminalProfile(color, utf8 && !ascii, term != "linux" && term != "dumb");
    }
}
