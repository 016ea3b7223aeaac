using System.Runtime.InteropServices;
using DeadMan.Core.Config;
using DeadMan.Core.Settings;
using DeadMan.Core.Snmp;
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

    /// <param name="settings">deadman.toml as read at start.</param>
    /// <param name="snmp">The SNMP credentials and gauges in use; a reload of deadman.toml replaces them.</param>
    /// <param name="report">Told the outcome of every reload.</param>
    public ConfigReloader(string path, DeadmanSettings settings, Monitor monitor, SnmpAgentBook snmp, Action<ReloadOutcome> report)
    {
        _snmp = snmp;
        _inUse = settings;
        _path = Path.GetFullPath(path);
        _settings = settings.File;
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

        Watch(_path);
        if (_settings is not null)
        {
            Watch(Path.GetFullPath(_settings));
        }
    }

    private void Watch(string file)
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
        watcher.Changed += (_, _) => Schedule();
        watcher.Created += (_, _) => Schedule();
        watcher.Renamed += (_, _) => Schedule();
        watcher.Deleted += (_, _) => Schedule();
        _watchers.Add(watcher);
    }

    private void Schedule() => _debounce.Change(s_settle, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        ReloadOutcome outcome;
        try
        {
            outcome = Apply(ConfigFile.Load(_given), _settings is null ? null : SettingsFile.Load(_settings));
        }
#pragma warning disable CA1031 // A bug met while reloading must cost the reload, never the monitor that is running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = Failed($"{_given}: {e.GetType().Name}: {e.Message}");
        }

        _report(outcome);
    }

    private ReloadOutcome Apply(ConfigResult config, SettingsResult? settings)
    {
        DeadmanSettings next = settings?.Settings ?? _inUse;
        IReadOnlyList<ConfigDiagnostic> problems = [.. config.Diagnostics.Where(_ => config.HasErrors), .. settings?.Diagnostics ?? [],
                                                    .. SnmpAgentBook.Unknown(config, _given, next)];
        if (problems.Count > 0)
        {
            int more = problems.Count - 1;
            return Failed(problems[0] + (more > 0 ? $" (+{more} more)" : ""));
        }

        // The engine applies it on its own loop; what is running carries on meanwhile. Agents made from now on ask
        // with the new credentials, and read the new gauges.
        _inUse = next;
        _snmp.Replace(next);
        _ = _monitor.Reload(config.Entries, settings?.Settings?.Health);
        int targets = config.Targets.Count();
        return new ReloadOutcome(false, $"reloaded {Path.GetFileName(_path)}: {targets} targets", targets) { Settings = settings?.Settings };
    }

    private static ReloadOutcome Failed(string reason) => new(true, $"reload failed: {reason}; still watching the previous targets", 0);

    public void Dispose()
    {
        _hangup?.Dispose();
        _watchers.ForEach(w => w.Dispose());
        _debounce.Dispose();
    }
}
