using System.Runtime.InteropServices;
using DeadMan.Core.Config;
using DeadMan.Core.Settings;
using Monitor = DeadMan.Core.Monitoring.Monitor;

namespace DeadMan.Cli;

/// <summary>
/// Reloads the host file and deadman.toml on SIGHUP (as deadman does) and when either changes on disk. A file with
/// errors changes nothing: the running targets and rules go on and the error, with file:line:column, is reported
/// until the file is fixed. Of deadman.toml a reload applies the health rules and the alert routes; option defaults
/// are read at start.
/// </summary>
internal sealed class ConfigReloader : IDisposable
{
    // Editors write in several steps (truncate, write, rename): wait for the file to settle.
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(300);

    private readonly string _path;
    private readonly string _given;
    private readonly Monitor _monitor;
    private readonly Action<ReloadOutcome> _report;
    private readonly string? _settings;
    private readonly PosixSignalRegistration? _hangup;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private readonly SnmpAgentBook _snmp;
    private DeadmanSettings _inUse;

    // Which files changed since the last reload that worked, so that the message names them (a fixed deadman.toml
    // was said as "reloaded hosts.conf"). A signal counts as both.
    private int _changed;
    private const int HostFileChanged = 1;
    private const int SettingsChanged = 2;

    /// <param name="settings">deadman.toml as read at start.</param>
    /// <param name="snmp">The SNMP credentials and gauges in use; a reload of deadman.toml replaces them.</param>
    /// <param name="report">Told the outcome of every reload.</param>
    public ConfigReloader(string path, DeadmanSettings settings, Monitor monitor, SnmpAgentBook snmp, Action<ReloadOutcome> report)
    {
        _snmp = snmp;
        _inUse = settings;
        _path = Path.GetFullPath(path);
        _settings = settings.File;
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

        Watch(_path, HostFileChanged);
        if (_settings is not null)
        {
            Watch(Path.GetFullPath(_settings), SettingsChanged);
        }
    }

    private void Watch(string file, int which)
    {
        string? directory = Path.GetDirectoryName(file);
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        var watcher = new FileSystemWatcher(directory, Path.GetFileName(file))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            EnableRaisingEvents = true,
        };
        watcher.Changed += (_, _) => Schedule(which);
        watcher.Created += (_, _) => Schedule(which);
        watcher.Renamed += (_, _) => Schedule(which);
        watcher.Deleted += (_, _) => Schedule(which);
        _watchers.Add(watcher);
    }

    private void Schedule(int which = HostFileChanged | SettingsChanged)
    {
        Interlocked.Or(ref _changed, which);
        _debounce.Change(s_settle, Timeout.InfiniteTimeSpan);
    }

    // On the timer's thread. Each file is read on its own: should reading one throw all the same (a bug; readers
    // return their problems), the problem is said as that file's.
    private void Reload()
    {
        lock (_debounce)
        {
            ConfigResult config = Guarded(_given, () => ConfigFile.Load(_given), problem => new ConfigResult([], [problem]));
            SettingsResult? settings = _settings is null ? null : Guarded(_settings, () => SettingsFile.Load(_settings), problem => new SettingsResult(null, [problem]));
            _report(Apply(config, settings));
        }
    }

    private static T Guarded<T>(string file, Func<T> read, Func<ConfigDiagnostic, T> failed)
    {
        try
        {
            return read();
        }
#pragma warning disable CA1031 // A bug met while reloading must cost the reload, never the monitor that is running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return failed(new ConfigDiagnostic(file, 0, 0, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    private ReloadOutcome Apply(ConfigResult config, SettingsResult? settings)
    {
        DeadmanSettings next = settings?.Settings ?? _inUse;
        IReadOnlyList<ConfigDiagnostic> problems = [.. config.Diagnostics.Where(_ => config.HasErrors), .. settings?.Diagnostics ?? [],
                                                    .. SnmpAgentBook.Unknown(config, _given, next)];
        if (problems.Count > 0)
        {
            int more = problems.Count - 1;
            // The file's name, not its path: on an 80-column status line the reason must fit.
            ConfigDiagnostic first = problems[0] with { File = Path.GetFileName(problems[0].File) };
            return Failed(first + (more > 0 ? $" (+{more} more)" : ""));
        }

        // The engine applies it on its own loop; what is running carries on meanwhile. Agents made from now on ask
        // with the new credentials, and read the new gauges.
        _inUse = next;
        _snmp.Replace(next);
        _ = _monitor.Reload(config.Entries, settings?.Settings?.Health);
        int targets = config.Targets.Count();
        int changed = Interlocked.Exchange(ref _changed, 0);
        string hosts = $"{Path.GetFileName(_path)}: {targets} targets";
        string said = changed == SettingsChanged && _settings is not null ? Path.GetFileName(_settings)
            : changed == (HostFileChanged | SettingsChanged) && _settings is not null ? $"{hosts}, and {Path.GetFileName(_settings)}"
            : hosts;
        return new ReloadOutcome(false, $"reloaded {said}", targets) { Settings = settings?.Settings };
    }

    private static ReloadOutcome Failed(string reason) => new(true, $"reload failed: {reason}; still watching the previous targets", 0);

    public void Dispose()
    {
        _hangup?.Dispose();
        _watchers.ForEach(w => w.Dispose());
        _debounce.Dispose();
    }
}
