using DeadMan.Core.Monitoring;

namespace DeadMan.Core.State;

/// <summary>
/// Keeps the state file up to date with the monitor's acknowledgements: each change hands over every one in force,
/// and a task of its own writes the latest (the loop never waits on a disk). A file refused at start is kept beside
/// as <c>.refused</c> before the first write, so nothing in it is lost.
/// </summary>
public sealed class AcknowledgementKeeper : IAsyncDisposable
{
    private readonly string _path;
    private readonly Action<string> _problem;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;
    private IReadOnlyDictionary<string, Acknowledgement>? _latest;
    private bool _keepRefused;

    /// <param name="refused">The file was there but could not be read: keep it aside before writing.</param>
    /// <param name="problem">Told why a write failed (the monitor goes on; the next change tries again).</param>
    public AcknowledgementKeeper(string path, bool refused, Action<string> problem)
    {
        _path = path;
        _keepRefused = refused;
        _problem = problem;
        _writing = Task.Run(WriteAsync);
    }

    /// <summary>An event handler for <see cref="Monitor.Acknowledged"/>: only queues.</summary>
    public void Changed(AcknowledgementChange change)
    {
        Volatile.Write(ref _latest, change.All);
        _wake.Release();
    }

    private async Task WriteAsync()
    {
        while (true)
        {
            try
            {
                await _wake.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: what came last is written below.
            }

            if (Interlocked.Exchange(ref _latest, null) is { } latest)
            {
                Save(latest);
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Save(IReadOnlyDictionary<string, Acknowledgement> acknowledgements)
    {
        try
        {
            if (_keepRefused && File.Exists(_path))
            {
                File.Move(_path, _path + ".refused", overwrite: true);
            }

            _keepRefused = false;
            AcknowledgementFile.Write(_path, acknowledgements);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problem($"{_path}: acknowledgements not saved: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writing.ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }
}
