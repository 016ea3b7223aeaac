using DeadMan.Terminal.Screen;

namespace DeadMan.Terminal.Model;

/// <summary>
/// Every style and glyph the views use. Views ask the theme and never check --no-color or --ascii themselves:
/// without colour a down row is reverse video, with ASCII the sparkline is made of <c>_.-~=+*#</c>.
/// </summary>
public sealed class Theme
{
    private static readonly string[] s_unicodeBars = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
    private static readonly string[] s_asciiBars = ["_", ".", "-", "~", "=", "+", "*", "#"];

    private Theme(TerminalProfile profile)
    {
        Profile = profile;
        bool color = profile.Color;
        Title = Style.Of(TerminalColor.Default, TextAttributes.Bold);
        Header = Style.Of(TerminalColor.Default, TextAttributes.Bold);
        Normal = Style.Default;
        Muted = Style.Of(TerminalColor.Default, TextAttributes.Dim);
        Up = color ? Style.Of(TerminalColor.Green) : Style.Default;
        UpBold = color ? Style.Of(TerminalColor.Green, TextAttributes.Bold) : Style.Of(TerminalColor.Default, TextAttributes.Bold);
        Down = color ? Style.Of(TerminalColor.Red, TextAttributes.Bold) : Style.Of(TerminalColor.Default, TextAttributes.Bold | TextAttributes.Reverse);
        Loss = color ? Style.Of(TerminalColor.Red, TextAttributes.Bold) : Style.Of(TerminalColor.Default, TextAttributes.Bold);
        Unreachable = color ? Style.Of(TerminalColor.Magenta, TextAttributes.Bold) : Style.Of(TerminalColor.Default, TextAttributes.Bold);
        Warning = color ? Style.Of(TerminalColor.Yellow) : Style.Of(TerminalColor.Default, TextAttributes.Underline);
        // Without colour: underlined, unlike up (plain), down (bold reverse) and unknown (dim).
        Degraded = color ? Style.Of(TerminalColor.Yellow) : Style.Of(TerminalColor.Default, TextAttributes.Underline);
        // Dimmed red: still a problem, no longer news. Without colour dim like unknown, told apart by its mark.
        Known = color ? Style.Of(TerminalColor.Red, TextAttributes.Dim) : Style.Of(TerminalColor.Default, TextAttributes.Dim);
        // Blue, not red: planned work. Without colour dim, told apart from a known problem by its mark and words.
        Maintenance = color ? Style.Of(TerminalColor.Blue) : Style.Of(TerminalColor.Default, TextAttributes.Dim);
        DegradedBold = color ? Style.Of(TerminalColor.Yellow, TextAttributes.Bold) : Style.Of(TerminalColor.Default, TextAttributes.Underline | TextAttributes.Bold);
        StatusWarning = color ? new Style(TerminalColor.Black, TerminalColor.Yellow, TextAttributes.None) : Style.Of(TerminalColor.Default, TextAttributes.Reverse | TextAttributes.Underline);
        // Without colour a time mark is underlined: a refused bar must look different from it.
        Refused = color ? Style.Of(TerminalColor.Yellow) : Style.Of(TerminalColor.Default, TextAttributes.Reverse);
        RefusedLegend = color ? "yellow bar" : "reverse bar";
        Rule = Style.Of(TerminalColor.Default, TextAttributes.Dim);
        Status = Style.Of(TerminalColor.Default, TextAttributes.Reverse);
        StatusAlert = color ? new Style(TerminalColor.White, TerminalColor.Red, TextAttributes.Bold) : Style.Of(TerminalColor.Default, TextAttributes.Bold | TextAttributes.Reverse);
        Bars = profile.Unicode ? s_unicodeBars : s_asciiBars;
        RuleGlyph = profile.Unicode ? "─" : "-";
        MoreGlyph = profile.Unicode ? "▼" : "v";
        AboveGlyph = profile.Unicode ? "▲" : "^";
        SelectedGlyph = profile.Unicode ? "▶" : ">";
        KnownGlyph = profile.Unicode ? "✓" : "+";
        MaintenanceGlyph = "~";
        Spinner = profile.Unicode ? ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] : ["|", "/", "-", "\\"];
    }

    public TerminalProfile Profile { get; }

    public Style Title { get; }

    public Style Header { get; }

    public Style Normal { get; }

    public Style Muted { get; }

    public Style Up { get; }

    public Style UpBold { get; }

    /// <summary>A host that is down now: the whole row.</summary>
    public Style Down { get; }

    public Style Loss { get; }

    public Style Unreachable { get; }

    public Style Warning { get; }

    /// <summary>A host that answers but fails its users (loss, RTT or jitter past a limit): the whole row.</summary>
    public Style Degraded { get; }

    public Style DegradedBold { get; }

    /// <summary>A known problem (acknowledged): the whole row.</summary>
    public Style Known { get; }

    /// <summary>A host in trouble during its maintenance window: the whole row.</summary>
    public Style Maintenance { get; }

    /// <summary>The status bar when degraded hosts are out of view (and no down one).</summary>
    public Style StatusWarning { get; }

    /// <summary>A TCP probe answered by a reset: alive, port closed.</summary>
    public Style Refused { get; }

    /// <summary>How the help and the legend call a refused bar in this theme.</summary>
    public string RefusedLegend { get; }

    public Style Rule { get; }

    public Style Status { get; }

    public Style StatusAlert { get; }

    /// <summary>The sparkline, lowest RTT first.</summary>
    public IReadOnlyList<string> Bars { get; }

    public string RuleGlyph { get; }

    /// <summary>Rows below the screen.</summary>
    public string MoreGlyph { get; }

    /// <summary>Rows above the screen.</summary>
    public string AboveGlyph { get; }

    /// <summary>Marks the selected row in the arrow column.</summary>
    public string SelectedGlyph { get; }

    /// <summary>Marks a known problem (acknowledged) beside its name, and counts them in the header.</summary>
    public string KnownGlyph { get; }

    /// <summary>Marks a host in trouble during its maintenance window, and counts them in the header.</summary>
    public string MaintenanceGlyph { get; }

    public IReadOnlyList<string> Spinner { get; }

    public static Theme For(TerminalProfile profile) => new(profile);
}
