using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>A command in a tmux pane of its own server, as an operator's terminal: started, read, and always torn down.</summary>
internal sealed class Pane : IAsyncDisposable
{
    private readonly string _socket;

    private Pane(string socket, int pid)
    {
        _socket = socket;
        Pid = pid;
    }

    public int Pid { get; }

    /// <summary>Runs <paramref name="argv"/> (exec'd, so the pane's process is the command itself) in a width x height pane.</summary>
    public static async Task<Pane> StartAsync(IReadOnlyList<string> argv, int width, int height)
    {
        string socket = Path.Combine(Path.GetTempPath(), $"dmbench-{Environment.ProcessId}-{Guid.NewGuid():N}.tmux");
        await TmuxAsync(socket, "new-session", "-d", "-s", "bench", "-x", $"{width}", "-y", $"{height}", "exec " + string.Join(' ', argv.Select(Quote)));
        string pid = await TmuxAsync(socket, "display-message", "-p", "-t", "bench", "#{pane_pid}");
        return new Pane(socket, int.Parse(pid.Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>From now on, every byte the command writes to its terminal is appended to <paramref name="file"/>.</summary>
    public Task PipeToAsync(string file) => TmuxAsync(_socket, "pipe-pane", "-t", "bench", "-o", $"cat >> {Quote(file)}");

    /// <summary>Types into the pane (tmux key names, such as Enter).</summary>
    public Task SendKeysAsync(string keys) => TmuxAsync(_socket, "send-keys", "-t", "bench", keys);

    /// <summary>What the pane shows now, as text.</summary>
    public Task<string> CaptureAsync() => TmuxAsync(_socket, "capture-pane", "-p", "-t", "bench");

    /// <summary>Ends the pane and waits (up to 5 s) for its command to finish, so that nothing it writes outlives the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await TmuxAsync(_socket, "kill-server");
        File.Delete(_socket);
        for (int i = 0; i < 500 && Directory.Exists($"/proc/{Pid}"); i++)
        {
            await Task.Delay(10);
        }
    }

    private static async Task<string> TmuxAsync(string socket, params string[] args)
    {
        var start = new ProcessStartInfo("tmux", ["-S", socket, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process tmux = Process.Start(start)!;
        string text = await tmux.StandardOutput.ReadToEndAsync();
        await tmux.WaitForExitAsync();
        return text;
    }

    public static string Quote(string word) => $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
