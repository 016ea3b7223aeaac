using System.Collections.Concurrent;

namespace DeadMan.Terminal.Input;

/// <summary>
/// Reads keys on a thread of its own, so a read is always pending: System.Console keeps the terminal from
/// echoing while one is, and decodes arrows and paging keys (as sent by xterm, tmux, screen and the Linux console).
/// When the terminal goes away (an SSH session dropped, the tmux pane killed) the read fails: that is
/// <see cref="Closed"/>, so the program can stop in order instead of dying on a thread nobody watches.
/// </summary>
public sealed class KeyReader
{
    private readonly ConcurrentQueue<ConsoleKeyInfo> _keys = new();
    private volatile bool _closed;

    /// <summary>The terminal can no longer be read: it hung up.</summary>
    public bool Closed => _closed;

    public void Start()
    {
        // Ctrl-C arrives as a key, so quitting by it restores the screen like 'q' does.
        Console.TreatControlCAsInput = true;
        var thread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    _keys.Enqueue(Console.ReadKey(intercept: true));
                }
            }
#pragma warning disable CA1031 // EIO, end of input, a console that is no longer one: all mean the terminal is gone.
            catch (Exception)
#pragma warning restore CA1031
            {
                _closed = true;
            }
        })
        { IsBackground = true, Name = "key-reader" };
        thread.Start();
    }

    public bool TryRead(out ConsoleKeyInfo key) => _keys.TryDequeue(out key);
}
