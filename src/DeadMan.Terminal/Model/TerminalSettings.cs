namespace DeadMan.Terminal.Model;

/// <summary>How the full-screen view starts.</summary>
/// <param name="HostInfo">"From: host (address)" for the title.</param>
/// <param name="Bell">Ring the terminal bell when a host goes down.</param>
public sealed record TerminalSettings(TerminalProfile Profile, int ScaleMs, bool BlinkArrow, bool Bell, string Version, string HostInfo)
{
    /// <summary>Put the counts in the terminal's title (off with <c>--no-title</c>).</summary>
    public bool Title { get; init; } = true;

    /// <summary>Take the mouse (wheel, clicks); off with <c>--no-mouse</c>, which leaves the terminal's own selection alone.</summary>
    public bool Mouse { get; init; } = true;

    /// <summary>An unattended screen (<c>--stage</c>): q asks before quitting.</summary>
    public bool Stage { get; init; }

    /// <summary>With the bell on, ring for a host turning degraded too (deadman.toml's [alert] bell_degraded).</summary>
    public bool BellDegraded { get; init; }
}
