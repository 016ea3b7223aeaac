using System.Collections.Concurrent;
using System.Text;

namespace DeadMan.Core.Export;

/// <summary>
/// Appends lines to files in one directory on a thread of its own, so the monitor never waits for a disk. The
/// thread takes what has queued every 100 ms (event lines at once) and writes each line straight to its file (no
/// buffer to flush), so a reader sees it within that time; waking it for every line, and reopening files because only
/// 256 were kept open, made the per-host logs of 1,000 hosts cost more CPU than pinging them (measured). When
/// writing fails (disk full, directory gone, no permission) the problem is reported once, lines wait in a bounded
/// backlog, and writing is retried every few seconds until it works again.
/// </summary>
public sealed class LogAppender : IDisposable
{
    private const int MaxQueued = 200_000;
    private static readonly TimeSpan s_retry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_gather = TimeSpan.FromMilliseconds(100);

    private readonly string _directory;
    private readonly Action<string> _report;
    private readonly ConcurrentQueue<(string File, string Line)> _queue = new();
    private readonly Dictionary<string, FileStream> _open = [];
    private readonly Queue<string> _openOrder = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly int _maxOpenFiles = OpenFileAllowance();
    private byte[] _encoded = new byte[256];
    private volatile bool _stopping;
    private long _dropped;
    private bool _failing;

    /// <param name="report">Told once when writing starts failing and once when it works again.</param>
    public LogAppender(string directory, Action<string> report)
    {
        _directory = Path.GetFullPath(directory);
        _report = report;
        _thread = new Thread(Run) { IsBackground = true, Name = "log-appender" };
        _thread.Start();
    }

    public string Directory => _directory;

    /// <summary>
    /// Queues a line (without newline) for a file in the log directory; never blocks. A <paramref name="prompt"/>
    /// line (a rare event, which an operator or a test may be waiting for) wakes the writer at once.
    /// </summary>
    public void Append(string fileName, string line, bool prompt = false)
    {
        if (_queue.Count >= MaxQueued)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue((fileName, line));
        if (prompt)
        {
            _wake.Set();
        }
    }

    /// <summary>A file name for anything an operator may call a host: '/' and '%' are escaped, leading dots too.</summary>
    public static string SafeFileName(string name)
    {
        var safe = new StringBuilder(name.Length);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool escape = c is '/' or '%' or '\0' || char.IsControl(c) || (i == 0 && c == '.');
            safe.Append(escape ? $"%{(int)c:X2}" : c);
        }

        return safe.Length == 0 ? "%00" : safe.ToString();
    }

    private void Run()
    {
        while (!_stopping || !_queue.IsEmpty)
        {
            if (_queue.TryPeek(out var next))
            {
                if (TryWrite(next.File, next.Line))
                {
                    _queue.TryDequeue(out _);
                    continue;
                }

                _wake.WaitOne(s_retry);
                continue;
            }

            _wake.WaitOne(s_gather);
        }

        foreach (FileStream file in _open.Values)
        {
            file.Dispose();
        }
    }

    private bool TryWrite(string fileName, string line)
    {
        try
        {
            FileStream file = Open(fileName);
            int length = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
            if (_encoded.Length < length)
            {
                _encoded = new byte[length];
            }

            int written = Encoding.UTF8.GetBytes(line, _encoded);
            _encoded[written] = (byte)'\n';
            file.Write(_encoded, 0, written + 1);
            if (_failing)
            {
                _failing = false;
                long dropped = Interlocked.Exchange(ref _dropped, 0);
                _report($"logging to {_directory} works again" + (dropped > 0 ? $" ({dropped} lines lost while it did not)" : ""));
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseAll();
            if (!_failing)
            {
                _failing = true;
                _report($"cannot write logs to {_directory}: {e.Message}; retrying");
            }

            return _stopping; // on the way out, give up on what cannot be written
        }
    }

    private FileStream Open(string fileName)
    {
        if (_open.TryGetValue(fileName, out FileStream? open))
        {
            return open;
        }

        System.IO.Directory.CreateDirectory(_directory);
        if (_open.Count >= _maxOpenFiles)
        {
            string oldest = _openOrder.Dequeue();
            _open.Remove(oldest, out FileStream? closed);
            closed?.Dispose();
        }

        // No buffer: each line is one write(2), and a thousand open files do not hold 4 KiB each.
        var file = new FileStream(Path.Combine(_directory, SafeFileName(fileName)), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        _open[fileName] = file;
        _openOrder.Enqueue(fileName);
        return file;
    }

    // Half of what the process may open, so sockets and the metrics server keep room; at least 64, at most 8,192.
    private static int OpenFileAllowance() =>
        (int)Math.Clamp(Platform.LinuxNative.OpenFileLimit() / 2, 64, 8192);

    private void CloseAll()
    {
        foreach (FileStream file in _open.Values)
        {
            try
            {
                file.Dispose();
            }
            catch (IOException)
            {
                // Its last bytes could not be flushed either; the retry writes the line again.
            }
        }

        _open.Clear();
        _openOrder.Clear();
    }

    /// <summary>Writes what is queued (giving up on what fails), then stops.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }
}
