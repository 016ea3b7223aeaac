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
/// </summary>
public sealed class Monitor : IProbeSink, IDisposable
{
    private static readonly TimeSpan s_maxResolveRetry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_drainPeriod = TimeSpan.FromMilliseconds(10);

    private readonly MonitorRow[] _layout;
    private readonly TargetState[] _states;
    private readonly ScheduledTarget[] _scheduled;
    private readonly IProbeFactory _probes;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly AddressResolver _resolver;
    private readonly ConcurrentQueue<MonitorMessage> _inbox = new();
    private readonly Lock _stateLock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProbeScheduler _scheduler;
    private int _incomplete;
    private long _version;

    public Monitor(IReadOnlyList<ConfigEntry> entries, IProbeFactory probes, MonitorOptions options, TimeProvider time, AddressResolver? resolver = null)
    {
        _probes = probes;
        _options = options;
        _time = time;
        _resolver = resolver ?? new AddressResolver();
        var states = new List<TargetState>();
        _layout = entries.Select(entry => entry switch
        {
            TargetSpec spec => CreateState(spec, states),
            SeparatorSpec separator => new MonitorRow(null, separator),
            _ => throw new ArgumentException($"unexpected entry {entry}", nameof(entries)),
        }).ToArray();
        _states = [.. states];
        _scheduled = _states.Select(s => new ScheduledTarget(s.Id)).ToArray();
        _scheduler = new ProbeScheduler(_scheduled.Where((_, i) => probes.Unsupported(_states[i].Spec.Probe) is null).ToArray(),
                                        this, time, options.Timing.Interval, options.Rounds);
        _incomplete = options.Rounds is null ? -1 : _states.Count(s => probes.Unsupported(s.Spec.Probe) is null);
        if (_incomplete == 0)
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Raised on the monitor loop when a target goes up or down; handlers must be quick.</summary>
    public event Action<StateChange>? StateChanged;

    /// <summary>With <see cref="MonitorOptions.Rounds"/>: completes when every probed target has all its results.</summary>
    public Task Completion => _completion.Task;

    private MonitorRow CreateState(TargetSpec spec, List<TargetState> states)
    {
        string? note = _probes.Unsupported(spec.Probe) ?? (spec.Address.IsHostName ? "resolving" : null);
        var state = new TargetState(states.Count, spec, _options.HistoryCapacity, note);
        states.Add(state);
        return new MonitorRow(state.View, null);
    }

    /// <summary>Resolves, probes and folds results until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        for (int id = 0; id < _states.Length; id++)
        {
            if (_probes.Unsupported(_states[id].Spec.Probe) is null)
            {
                _ = ResolveAsync(id, cancellationToken);
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
                _scheduler.Dispose();
                foreach (ScheduledTarget target in _scheduled)
                {
                    target.Probe?.Dispose();
                }
            }
        })
        { IsBackground = true, Name = "monitor-loop" };
        _scheduler.Start();
        loop.Start();
        return stopped.Task;
    }

    private void Loop(CancellationToken cancellationToken)
    {
        var changes = new List<StateChange>();
        do
        {
            ApplyPending(changes);
            foreach (StateChange change in changes)
            {
                StateChanged?.Invoke(change);
            }
        }
        while (!cancellationToken.WaitHandle.WaitOne(s_drainPeriod));
    }

    public MonitorSnapshot Snapshot()
    {
        lock (_stateLock)
        {
            var rows = new MonitorRow[_layout.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = _layout[i].Target is { } target ? new MonitorRow(_states[target.Id].View, null) : _layout[i];
            }

            return new MonitorSnapshot(_version, _time.GetUtcNow(), rows);
        }
    }

    void IProbeSink.Report(int targetId, long round, ProbeResult result) => Post(new MonitorMessage(targetId, round, result, null));

    private void Post(MonitorMessage message) => _inbox.Enqueue(message);

    private void ApplyPending(List<StateChange> changes)
    {
        changes.Clear();
        if (_inbox.IsEmpty)
        {
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_stateLock)
        {
            while (_inbox.TryDequeue(out MonitorMessage message))
            {
                if ((uint)message.TargetId < (uint)_states.Length)
                {
                    Apply(_states[message.TargetId], message, now, changes);
                }
            }

            _version++;
        }
    }

    private void Apply(TargetState state, MonitorMessage message, DateTimeOffset now, List<StateChange> changes)
    {
        if (message.Address is { } news)
        {
            state.SetAddress(news.Address, news.Note);
            return;
        }

        if (state.Apply(message.Round, message.Result, now) is { } previous)
        {
            changes.Add(new StateChange(state.View, previous, state.Status, now));
        }

        if (state.Sent == _options.Rounds && --_incomplete == 0)
        {
            _completion.TrySetResult();
        }
    }

    // Names are looked up off the loop, never blocking other targets; a failure is retried with backoff.
    private async Task ResolveAsync(int id, CancellationToken cancellationToken)
    {
        TargetState state = _states[id];
        TimeSpan retry = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var address = await _resolver.ResolveAsync(state.Spec.Address, cancellationToken).ConfigureAwait(false);
                _scheduled[id].Probe = _probes.Create(id, state.Spec.Probe, address, this);
                _scheduled[id].Failure = null;
                Post(id, new AddressNews(address, null));
                return;
            }
            catch (AddressResolutionException e)
            {
                _scheduled[id].Failure = e.Message;
                Post(id, new AddressNews(null, e.Message));
            }
            catch (OperationCanceledException)
            {
                return;
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

    public void Dispose() => _scheduler.Dispose();
}
