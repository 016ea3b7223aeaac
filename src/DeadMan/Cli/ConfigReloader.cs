using System.Runtime.InteropServices;
using DeadMan.Core.Config;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Cli;

/// <summary>
/// Reloads the config on SIGHUP (as deadman does) and when the file changes on disk. A file with errors changes
/// nothing: the running targets go on and the error, with file:line:column, is reported until the file is fixed.
/// </summary>
internal sealed class ConfigReloader : IDisposable
{
    // Editors write in several steps (truncate, write, rename): wait for the file to settle.
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(300);

    private readonly string _path;
    private readonly string _given;
    private readonly Monitor _monitor;
    private readonly Action<ReloadOutcome> _report;
    private readonly PosixSignalRegistration? _hangup;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;

    /// <param name="report">Told the outcome of every reload.</param>
    public ConfigReloader(string path, Monitor monitor, Action<ReloadOutcome> report)
    {
        _path = Path.GetFullPath(path);
        // Problems name the file as the operator wrote it: on an 80-column status line the reason must fit.
        _given = path;
        _monitor = monitor;
        _report = report;
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Schedule();
            });
        }

        string? directory = Path.GetDirectoryName(_path);
        if (directory is not null && Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
                EnableRaisingEvents = true,
            };
            _watcher.Changed += (_, _) => Schedule();
            _watcher.Created += (_, _) => Schedule();
            _watcher.Renamed += (_, _) => Schedule();
            _watcher.Deleted += (_, _) => Schedule();
        }
    }

    private void Schedule() => _debounce.Change(s_settle, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        ReloadOutcome outcome;
        try
        {
            outcome = Apply(ConfigFile.Load(_given));
        }
#pragma warning disable CA1031 // A bug met while reloading must cost the reload, never the monitor that is running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = Failed($"{_given}: {e.GetType().Name}: {e.Message}");
        }

        _report(outcome);
    }

    private ReloadOutcome Apply(ConfigResult config)
    {
        if (config.HasErrors)
        {
            ConfigDiagnostic first = config.Diagnostics[0];
            int more = config.Diagnostics.Count - 1;
            return Failed(first + (more > 0 ? $" (+{more} more)" : ""));
        }

        // The engine applies it on its own loop; what is running carries on meanwhile.
        _ = _monitor.Reload(config.Entries);
        int targets = config.Targets.Count();
        return new ReloadOutcome(false, $"reloaded {Path.GetFileName(_path)}: {targets} targets", targets);
    }

    private static ReloadOutcome Failed(string reason) => new(true, $"reload failed: {reason}; still watching the previous targets", 0);

    public void Dispose()
    {
        _hangup?.Dispose();
        _watcher?.Dispose();
        _debounce.Dispose();
    }
}
