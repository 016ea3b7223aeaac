using System.Collections.Concurrent;
using System.Text;

namespace DeadMan.Core.Export;

/// <summary>
/// Appends lines to files in one directory on a thread of its own, so the monitor never waits for a disk. The
/// thread takes what has queued every 100 ms (event lines at once) and writes each line straight to its file (no
/// buffer to flush), so a reader sees it within that time; waking it for every line, and reopening files because only
/// 256 were kept open, made the per-host logs of 1,000 hosts cost more CPU than pinging them (measured). A file that
/// cannot be written (disk full, directory gone, a name the file system refuses) has its lines set aside, within one
/// bounded backlog, and is tried again every few seconds; the other files go on meanwhile, so one host's log never
/// holds up another's or the event log. The problem is reported once, and once more when every file works again.
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
    private readonly Dictionary<string, Queue<string>> _setAside = new(StringComparer.Ordinal);
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly int _maxOpenFiles = OpenFileAllowance();
    private byte[] _encoded = new byte[256];
    private volatile bool _stopping;
    private long _dropped;
    private int _setAsideLines;
    private long _nextRetry;

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
    /// Queues a line (without newline) for a file in the log directory, named as it is to be on disk (see
    /// <see cref="DeadmanLog.FileName"/> for a host's); never blocks. A <paramref name="prompt"/> line (a rare event,
    /// which an operator or a test may be waiting for) wakes the writer at once.
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

    private void Run()
    {
        while (!_stopping || !_queue.IsEmpty)
        {
            if (_setAside.Count > 0 && Environment.TickCount64 >= _nextRetry)
            {
                RetrySetAside();
            }

            if (_queue.TryDequeue(out var next))
            {
                Append(next.File, next.Line);
                continue;
            }

            _wake.WaitOne(s_gather);
        }

        // On the way out, one last try for what was set aside; what still fails is given up on.
        RetrySetAside();
        foreach (FileStream file in _open.Values)
        {
            file.Dispose();
        }
    }

    // A file that failed keeps its lines set aside, in order, until it can be written again.
    private void Append(string file, string line)
    {
        if (_setAside.TryGetValue(file, out Queue<string>? waiting))
        {
            SetAside(waiting, line);
        }
        else if (TryWrite(file, line) is { } problem)
        {
            Failed(file, line, problem);
        }
    }

    // Null when written, else why not.
    private string? TryWrite(string fileName, string line)
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
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Close(fileName);
            return e.Message;
        }
    }

    private void Failed(string fileName, string line, string problem)
    {
        if (_setAside.Count == 0)
        {
            _report($"cannot write logs to {_directory} ({fileName}): {problem}; retrying");
            _nextRetry = Environment.TickCount64 + (long)s_retry.TotalMilliseconds;
        }

        var waiting = new Queue<string>();
        _setAside[fileName] = waiting;
        SetAside(waiting, line);
    }

    private void SetAside(Queue<string> waiting, string line)
    {
        if (_setAsideLines >= MaxQueued)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        waiting.Enqueue(line);
        _setAsideLines++;
    }

    // Each file set aside gets its lines written in order, until one fails again; then it waits for the next round.
    private void RetrySetAside()
    {
        foreach ((string fileName, Queue<string> waiting) in _setAside.ToList())
        {
            while (waiting.TryPeek(out string? line) && TryWrite(fileName, line) is null)
            {
                waiting.Dequeue();
                _setAsideLines--;
            }

            if (waiting.Count == 0)
            {
                _setAside.Remove(fileName);
            }
            else if (_stopping)
            {
                Interlocked.Add(ref _dropped, waiting.Count);
            }
        }

        _nextRetry = Environment.TickCount64 + (long)s_retry.TotalMilliseconds;
        if (_setAside.Count == 0 && !_stopping)
        {
            long dropped = Interlocked.Exchange(ref _dropped, 0);
            _report($"logging to {_directory} works again" + (dropped > 0 ? $" ({dropped} lines lost while it did not)" : ""));
        }
    }

    private FileStream Open(string fileName)
    {
        if (_open.TryGetValue(fileName, out FileStream? open))
        {
            return open;
        }

        System.IO.Directory.CreateDirectory(_directory);
        while (_open.Count >= _maxOpenFiles)
        {
            Close(_openOrder.Dequeue());
        }

        // A file closed after a failure leaves its name behind in the order; never let those pile up.
        if (_openOrder.Count > 2 * _maxOpenFiles)
        {
            var live = _openOrder.Where(_open.ContainsKey).Distinct().ToList();
            _openOrder.Clear();
            live.ForEach(_openOrder.Enqueue);
        }

        // No buffer: each line is one write(2), and a thousand open files do not hold 4 KiB each.
        var file = new FileStream(Path.Combine(_directory, fileName), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        _open[fileName] = file;
        _openOrder.Enqueue(fileName);
        return file;
    }

    private void Close(string fileName)
    {
        // Its name may stay in the order: a name no longer open is passed over when it comes up.
        if (!_open.Remove(fileName, out FileStream? file))
        {
            return;
        }

        try
        {
            file.Dispose();
        }
        catch (IOException)
        {
            // Its last bytes could not be flushed either; the retry writes the line again.
        }
    }

    // Half of what the process may open, so sockets and the metrics server keep room; at least 64, at most 8,192.
    private static int OpenFileAllowance() =>
        (int)Math.Clamp(Platform.LinuxNative.OpenFileLimit() / 2, 64, 8192);

    /// <summary>Writes what is queued (giving up on what fails), then stops.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }
}
