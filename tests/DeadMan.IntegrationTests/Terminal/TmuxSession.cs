using System.Diagnostics;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Terminal;

/// <summary>
/// A real terminal for a test: a tmux server on its own socket (never the user's), one session, read back with
/// <c>capture-pane -e</c> exactly as a person would see it. Killed on dispose.
/// </summary>
public sealed class TmuxSession : IDisposable
{
    private readonly string _socket = $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly string _socketPath;

    public TmuxSession(int width, int height, string command)
    {
        Shell.Run("tmux", "-L", _socket, "-f", "/dev/null", "new-session", "-d", "-s", "dm", "-x", $"{width}", "-y", $"{height}", command);
        _socketPath = Format("#{socket_path}");
    }

    /// <summary>The screen as text, or with <paramref name="escapes"/> the text with its colours and attributes.</summary>
    public string Capture(bool escapes = false) =>
        Shell.Run(escapes ? ["tmux", "-L", _socket, "capture-pane", "-t", "dm", "-p", "-e"] : ["tmux", "-L", _socket, "capture-pane", "-t", "dm", "-p"]);

    public void SendKeys(params string[] keys) => Shell.Run(["tmux", "-L", _socket, "send-keys", "-t", "dm", .. keys]);

    /// <summary>A tmux format for the session's window, such as <c>#{window_bell_flag}</c>.</summary>
    public string Format(string format) => Shell.Run("tmux", "-L", _socket, "display-message", "-p", "-t", "dm", format).Trim();

    /// <summary>Everything the program writes to the terminal from now on, appended to <paramref name="path"/> (bells, titles, frames).</summary>
    public void Record(string path) => Shell.Run("tmux", "-L", _socket, "pipe-pane", "-t", "dm", "-o", $"cat >> '{path}'");

    public void Resize(int width, int height) => Shell.Run("tmux", "-L", _socket, "resize-window", "-t", "dm", "-x", $"{width}", "-y", $"{height}");

    /// <summary>Polls the screen until <paramref name="condition"/> holds (bounded); returns the last capture.</summary>
    public string WaitFor(Func<string, bool> condition, bool escapes = false, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        string screen = Capture(escapes);
        while (!condition(screen))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"the screen never showed {what ?? "what was expected"}:\n{Capture()}");
            }

            Thread.Sleep(100);
            screen = Capture(escapes);
        }

        return screen;
    }

    // kill-server leaves the socket file behind; a test must leave nothing.
    public void Dispose()
    {
        Shell.RunChecked(["tmux", "-L", _socket, "kill-server"]);
        File.Delete(_socketPath);
    }
}
