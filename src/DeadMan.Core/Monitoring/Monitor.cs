using System.Collections.Concurrent;
using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Runs the targets of a config: resolves their addresses, schedules their probes and folds every result into
/// their statistics. All results pass through one queue into one loop, the only writer of state; readers take
/// <see cref="Snapshot"/>s. The loop has a thread of its own (on the thread pool, a busy or starved pool delayed
/// results by up to a second, measured) and takes what has queued every few milliseconds: being woken for each
/// result cost more CPU than the probes themselves.
/// A reload keeps every target whose identity (name, address, probe options) is unchanged, with its history.
/// </summary>
public sealed class Monitor : IProbeSink, IDisposable
{
    private static readonly TimeSpan s_maxResolveRetry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_drainPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Dictionary<int, MonitoredTarget> _targets = [];
    private readonly IProbeFactory _probes;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly AddressResolver _resolver;
    private readonly ConcurrentQueue<MonitorMessage> _inbox = new();
    private readonly Lock _stateLock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProbeScheduler _scheduler;
    private (int? TargetId, SeparatorSpec? Separator)[] _layout = [];
    private CancellationToken _running = CancellationToken.None;
    private bool _started;
    private int _nextId;
    private int _incomplete;
    private long _version;

    public Monitor(IReadOnlyList<ConfigEntry> entries, IProbeFactory probes, MonitorOptions options, TimeProvider time, AddressResolver? resolver = null)
    {
        _probes = probes;
        _options = options;
        _time = time;
        _resolver = resolver ?? new AddressResolver();
        _scheduler = new ProbeScheduler(this, time, options.Timing.Interval, options.Rounds);
        Load(entries);
        _incomplete = options.Rounds is null ? -1 : _targets.Values.Count(t => t.Probed);
        if (_incomplete == 0)
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Raised on the monitor loop when a target goes up or down; handlers must be quick.</summary>
    public event Action<StateChange>? StateChanged;

    /// <summary>Raised on the monitor loop for every result, after it was folded in; handlers must only queue work.</summary>
    public event Action<ProbeRecord>? ResultRecorded;

    /// <summary>With <see cref="MonitorOptions.Rounds"/>: completes when every probed target has all its results.</summary>
    public Task Completion => _completion.Task;

    /// <summary>While paused no probe is sent; statistics stay as they are.</summary>
    public bool Paused
    {
        get => _scheduler.Paused;
        set
        {
            _scheduler.Paused = value;
            lock (_stateLock)
            {
                _version++;
            }
        }
    }

    /// <summary>Resolves, probes and folds results until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_stateLock)
        {
            _running = cancellationToken;
            _started = true;
            foreach (MonitoredTarget target in _targets.Values)
            {
                StartResolving(target);
            }
        }

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new Thread(() =>
        {
            try
            {
                Loop(cancellationToken);
                stopped.SetResult();
            }
#pragma warning disable CA1031 // handed to the caller through the task
            catch (Exception e)
#pragma warning restore CA1031
            {
                stopped.SetException(e);
            }
            finally
            {
                Stop();
            }
        })
        { IsBackground = true, Name = "monitor-loop" };
        _scheduler.Start();
        loop.Start();
        return stopped.Task;
    }

    /// <summary>
    /// Replaces the targets with those of a newly read file. Targets with the same identity keep their statistics
    /// and history (and their place in the probe schedule); new ones start fresh; removed ones stop.
    /// </summary>
    public void Reload(IReadOnlyList<ConfigEntry> entries)
    {
        List<MonitoredTarget> removed;
        lock (_stateLock)
        {
            removed = Load(entries);
            _version++;
        }

        foreach (MonitoredTarget target in removed)
        {
            target.Dispose();
        }
    }

    /// <summary>deadman's refresh: every target's counts, RTTs and history start again from nothing.</summary>
    public void ResetStatistics()
    {
        lock (_stateLock)
        {
            foreach (MonitoredTarget target in _targets.Values)
            {
                // Results of probes already in flight belong to the old statistics.
                target.State.Reset(target.Scheduled.NextRound);
            }

            _version++;
        }
    }

    public MonitorSnapshot Snapshot()
    {
        lock (_stateLock)
        {
            var rows = new MonitorRow[_layout.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                (int? id, SeparatorSpec? separator) = _layout[i];
                rows[i] = new MonitorRow(id is { } target ? _targets[target].State.View : null, separator);
            }

            return new MonitorSnapshot(_version, _time.GetUtcNow(), rows) { Paused = _scheduler.Paused };
        }
    }

    void IProbeSink.Report(int targetId, long round, ProbeResult result) => Post(new MonitorMessage(targetId, round, result, null));

    // Builds the layout from entries, reusing targets by identity; returns the targets no longer in the file.
    private List<MonitoredTarget> Load(IReadOnlyList<ConfigEntry> entries)
    {
        var unclaimed = _targets.Values.GroupBy(t => t.State.Spec.Identity).ToDictionary(g => g.Key, g => new Queue<MonitoredTarget>(g));
        var layout = new List<(int?, SeparatorSpec?)>();
        var kept = new Dictionary<int, MonitoredTarget>();
        foreach (ConfigEntry entry in entries)
        {
            if (entry is SeparatorSpec separator)
            {
                layout.Add((null, separator));
                continue;
            }

            var spec = (TargetSpec)entry;
            MonitoredTarget target = unclaimed.TryGetValue(spec.Identity, out var same) && same.TryDequeue(out var existing)
                ? existing
                : Create(spec);
            target.State.UpdateSpec(spec);
            kept[target.State.Id] = target;
            layout.Add((target.State.Id, null));
        }

        List<MonitoredTarget> removed = [.. _targets.Values.Where(t => !kept.ContainsKey(t.State.Id))];
        _targets.Clear();
        foreach (var (id, target) in kept)
        {
            _targets[id] = target;
        }

        _layout = [.. layout];
        _scheduler.SetTargets(layout.Where(r => r.Item1 is not null).Select(r => _targets[r.Item1!.Value]).Where(t => t.Probed).Select(t => t.Scheduled).ToArray());
        return removed;
    }

    private MonitoredTarget Create(TargetSpec spec)
    {
        int id = _nextId++;
        string? unsupported = _probes.Unsupported(spec.Probe);
        string? note = unsupported ?? (spec.Address.IsHostName ? "resolving" : null);
        var target = new MonitoredTarget(new TargetState(id, spec, _options.HistoryCapacity, note), new ScheduledTarget(id), unsupported is null);
        if (_started)
        {
            StartResolving(target);
        }

        return target;
    }

    private void StartResolving(MonitoredTarget target)
    {
        if (target.Probed)
        {
            _ = ResolveAsync(target);
        }
    }

    private void Loop(CancellationToken cancellationToken)
    {
        var changes = new List<StateChange>();
        var records = new List<ProbeRecord>();
        do
        {
            ApplyPending(changes, records);
            foreach (ProbeRecord record in records)
            {
                ResultRecorded?.Invoke(record);
            }

            foreach (StateChange change in changes)
            {
                StateChanged?.Invoke(change);
            }
        }
        while (!cancellationToken.WaitHandle.WaitOne(s_drainPeriod));
    }

    private void Post(MonitorMessage message) => _inbox.Enqueue(message);

    private void ApplyPending(List<StateChange> changes, List<ProbeRecord> records)
    {
        changes.Clear();
        records.Clear();
        if (_inbox.IsEmpty)
        {
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_stateLock)
        {
            while (_inbox.TryDequeue(out MonitorMessage message))
            {
                // A target removed by a reload may still have answers on the way: they have nowhere to go.
                if (_targets.TryGetValue(message.TargetId, out MonitoredTarget? target))
                {
                    Apply(target, message, now, changes, records);
                }
            }

            _version++;
        }
    }

    private void Apply(MonitoredTarget target, MonitorMessage message, DateTimeOffset now, List<StateChange> changes, List<ProbeRecord> records)
    {
        TargetState state = target.State;
        if (message.Address is { } news)
        {
            state.SetAddress(news.Address, news.Note);
            return;
        }

        long before = state.TotalSent;
        if (state.Apply(message.Round, message.Result, now) is { } previous)
        {
            changes.Add(new StateChange(state.View, previous, state.Status, now));
        }

        // Only listeners make records: building a view per result is wasted when nobody logs.
        if (ResultRecorded is not null && state.TotalSent != before)
        {
            // Rounds in flight at a reset never get a record; the order must not wait for them.
            target.Records.SkipTo(state.FirstRound, records);
            target.Records.Add(new ProbeRecord(state.View, message.Round, message.Result, target.Scheduled.SentAt(message.Round) ?? now), records);
        }

        if (state.Sent == _options.Rounds && --_incomplete == 0)
        {
            _completion.TrySetResult();
        }
    }

    // Names are looked up off the loop, never blocking other targets; a failure is retried with backoff.
    private async Task ResolveAsync(MonitoredTarget target)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(_running, target.Resolving.Token);
        CancellationToken cancellationToken = lifetime.Token;
        TargetState state = target.State;
        TimeSpan retry = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var address = await _resolver.ResolveAsync(state.Spec.Address, cancellationToken).ConfigureAwait(false);
                IProbe probe = _probes.Create(state.Id, state.Spec.Probe, address, this);
                target.Scheduled.Probe = probe;
                target.Scheduled.Failure = null;
                if (cancellationToken.IsCancellationRequested)
                {
                    // Removed by a reload while the lookup ran.
                    probe.Dispose();
                    return;
                }

                Post(state.Id, new AddressNews(address, null));
                return;
            }
            catch (AddressResolutionException e)
            {
                target.Scheduled.Failure = e.Message;
                Post(state.Id, new AddressNews(null, e.Message));
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // nobody awaits this task: whatever goes wrong must show in the row, not vanish
            catch (Exception e)
#pragma warning restore CA1031
            {
                target.Scheduled.Failure = e.Message;
                Post(state.Id, new AddressNews(null, $"cannot probe: {e.Message}"));
            }

            try
            {
                await Task.Delay(retry, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_maxResolveRetry.Ticks));
        }
    }

    private void Post(int id, AddressNews news) => Post(new MonitorMessage(id, 0, default, news));

    private void Stop()
    {
        _scheduler.Dispose();
        lock (_stateLock)
        {
            foreach (MonitoredTarget target in _targets.Values)
            {
                target.Dispose();
            }
        }
    }

    public void Dispose() => _scheduler.Dispose();
}
