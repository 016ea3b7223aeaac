using System.Text.RegularExpressions;

namespace DeadMan.IntegrationTests.Terminal;

/// <summary>Reading a captured screen as a person reads it: a host's row, what is drawn before its name, its colours.</summary>
public static partial class ScreenText
{
    /// <summary>The line of the screen with the host's row; empty when it is not on screen.</summary>
    public static string Row(string screen, string name) =>
        screen.Split('\n').FirstOrDefault(line => line.Contains(" " + name + " ", StringComparison.Ordinal)) ?? "";

    /// <summary>The row up to its name: the marks and the style the row starts with.</summary>
    public static string Before(string line, string name) => line[..Math.Max(0, line.IndexOf(" " + name + " ", StringComparison.Ordinal) + 1)];

    [GeneratedRegex(@"\e\[(?:[0-9]+;)*32(?:;[0-9]+)*m")]
    public static partial Regex Green();

    [GeneratedRegex(@"\e\[(?:[0-9]+;)*31(?:;[0-9]+)*m")]
    public static partial Regex Red();

    [GeneratedRegex(@"\e\[(?:[0-9]+;)*1(?:;[0-9]+)*m")]
    public static partial Regex Bold();

    [GeneratedRegex(@"\e\[(?:[0-9]+;)*2(?:;[0-9]+)*m")]
    public static partial Regex Dim();

    /// <summary>Acknowledges the host's problem as an operator does: selected (<paramref name="select"/> keys), a, the note, Enter, then how long.</summary>
    public static void Acknowledge(TmuxSession tmux, string host, string note, string howLong, params string[] select)
    {
        tmux.SendKeys([.. select, "a"]);
        tmux.WaitFor(s => s.Contains($"acknowledge {host} · note:", StringComparison.Ordinal), what: "the note asked for");
        tmux.SendKeys("-l", note);
        tmux.SendKeys("Enter");
        tmux.WaitFor(s => s.Contains($"acknowledge {host} for:", StringComparison.Ordinal), what: "how long asked for");
        tmux.SendKeys(howLong);
    }
}
