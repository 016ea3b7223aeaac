using System.Collections.Concurrent;

namespace DeadMan.Terminal.Input;

/// <summary>
/// Reads keys on a thread of its own, so a read is always pending: System.Console keeps the terminal from
/// echoing while one is, and decodes arrows and paging keys (as sent by xterm, tmux, screen and the Linux console).
/// </summary>
public sealed class KeyReader
{
    private readonly ConcurrentQueue<ConsoleKeyInfo> _keys = new();

    public void Start()
    {
        // Ctrl-C arrives as a key, so quitting by it restores the screen like 'q' does.
        Console.TreatControlCAsInput = true;
        var thread = new Thread(() =>
        {
            while (true)
            {
                _keys.Enqueue(Console.ReadKey(intercept: true));
            }
        })
        { IsBackground = true, Name = "key-reader" };
        thread.Start();
    }

    public bool TryRead(out ConsoleKeyInfo key) => _keys.TryDequeue(out key);
}
