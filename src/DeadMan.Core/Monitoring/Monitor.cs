using System.Collections.Concurrent;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Probing;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The engine: owns everything deadman observes, the ping targets and the SNMP interfaces of a config. Probe results,
/// addresses found, poll results and commands (pause, reset, reload, focus) all pass through one queue into one loop,
/// the only writer of state, which publishes an immutable <see cref="MonitorSnapshot"/> when
/// <see cref="PublicationPolicy"/> says so and then raises its events. Readers take the latest snapshot and never wait
/// for the loop, nor write anything of it. Its parts: <see cref="Roster"/> (who is watched, kept across reloads),
/// <see cref="NameResolution"/> and <see cref="AgentPolling"/> (off the loop, posting to it), the
/// <see cref="ProbeScheduler"/> (what is due to be sent); probes are made on the loop, or before it starts.
/// The loop has a thread of its own (<see cref="LoopThread"/>) and wakes once per <see cref="ProbeTiming.Slot"/>
/// for all of a slot's work: the probes due are sent, the shared sockets read (<see cref="IProbeFactory.Pump"/>),
/// and what has queued is folded in. Being woken for each result cost more CPU than the probes themselves, and the
/// scheduler and the ICMP receivers each waking on threads of their own cost a third of it again (measured).
/// </summary>
public sealed class Monitor : IProbeSink, IMonitorView, IDisposable
{
    private static readonly TimeSpan s_freshPatience = TimeSpan.FromSeconds(1);

    private readonly Roster _roster;
    private readonly IProbeFactory _probes;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly TargetStarter _starter;
    private readonly AgentPolling _polling;
    private readonly PublicationPolicy _publication;
    private readonly ConcurrentQueue<MonitorMessage> _inbox = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProbeScheduler _scheduler;
    private readonly List<StateChange> _changes = [];
    private readonly List<ProbeRecord> _records = [];
    private readonly List<AgentChange> _agentChanges = [];
    private readonly List<PathMtuChange> _pathMtuChanges = [];
    private readonly List<TraceEvent> _traceEvents = [];
    private readonly List<AcknowledgementChange> _acknowledgementChanges = [];
    private readonly Acknowledgements _acknowledgements;
    private readonly MaintenanceWatch _maintenance;
    private readonly List<TargetState> _closedOnTrouble = [];
    private readonly PathTracing _tracing;
    private string? _liveTraceNote;
    private MonitoredTarget[] _tracedWhileUp = [];
    private long _periodicCheckAt;
    private readonly List<EngineCommand> _applied = [];
    private readonly RecentEvents _recent = new();
    private readonly SnapshotMaker _pictures;
    private MonitorSnapshot _published;
    private CancellationToken _running = CancellationToken.None;
    private volatile bool _paused;
    private bool _started;
    private int? _focus;
    private int _incomplete;
    private bool _completedNow;
    private volatile bool _looping;

    public Monitor(IReadOnlyList<ConfigEntry> entries, IProbeFactory probes, MonitorOptions options, TimeProvider time, AddressResolver? resolver = null)
    {
        _options = options;
        _probes = probes;
        _time = time;
        resolver ??= new AddressResolver();
        _roster = new Roster(probes, options, time);
        _pictures = new SnapshotMaker(_roster, _recent);
        _acknowledgements = new Acknowledgements(_roster, _acknowledgementChanges);
        _maintenance = new MaintenanceWatch(_roster);
        _starter = new TargetStarter(probes, this, new NameResolution(resolver, time, (id, news) => _inbox.Enqueue(new MonitorMessage(id, 0, default, news))));
        _polling = new AgentPolling(options, time, resolver, () => _paused, news => _inbox.Enqueue(new MonitorMessage(0, 0, default, news)));
        _publication = new PublicationPolicy(time);
        _tracing = new PathTracing(probes, this, options.Timing.Interval, time, (id, why) =>
        {
            if (_roster.Targets.TryGetValue(id, out MonitoredTarget? target))
            {
                target.State.SetTraceNote(why);
            }
        });
        _scheduler = new ProbeScheduler(this, time, options.Timing, options.Rounds, firstRoundAtOnce: !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled);
        Load(entries, time.GetUtcNow());
        if (_roster.AgentOrder.Length > 0)
        {
            // Made here, so that the socket lives where the engine was made (a test's or benchmark's network namespace).
            _polling.Prepare();
        }

        _incomplete = options.Rounds is null ? -1 : _roster.Targets.Values.Count(t => t.Probed);
        if (_incomplete == 0)
        {
            _completion.TrySetResult();
        }

        _published = Picture(time.GetUtcNow());
    }

    /// <summary>Raised on the engine loop when a target goes up or down, after the snapshot that shows it; handlers must be quick.</summary>
    public event Action<StateChange>? StateChanged;

    /// <summary>Raised on the engine loop for every result, after it was folded in; handlers must only queue work.</summary>
    public event Action<ProbeRecord>? ResultRecorded;

    /// <summary>Raised on the engine loop when an SNMP agent stops or starts answering, or restarted.</summary>
    public event Action<AgentChange>? AgentChanged;

    /// <summary>A pmtu=on target's path MTU changed from one known value to another; raised on the engine loop.</summary>
    public event Action<PathMtuChange>? PathMtuChanged;

    /// <summary>A trace of a target's path came in (on failure, or trace=on); raised on the engine loop.</summary>
    public event Action<TraceEvent>? Traced;

    /// <summary>An acknowledgement was given or ended; raised on the engine loop, after the picture that shows it.</summary>
    public event Action<AcknowledgementChange>? Acknowledged;

    /// <summary>Raised on the loop after a new snapshot; handlers only nudge a reader. Subscribers get pictures by themselves (<see cref="PublicationPolicy"/>).</summary>
    public event Action? Published;

    /// <summary>With <see cref="MonitorOptions.Rounds"/>: completes when every probed target has all its results.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The latest published picture; never waits for the engine, and changes nothing in it.</summary>
    public MonitorSnapshot Snapshot() => Volatile.Read(ref _published);

    /// <summary>A picture of everything that has come in until now, for readers that come by rarely (a metrics scrape).</summary>
    public async Task<MonitorSnapshot> FreshSnapshotAsync()
    {
        if (_looping)
        {
            try
            {
                await Send(new RefreshCommand()).WaitAsync(s_freshPatience).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TaskCanceledException or TimeoutException)
            {
                // The engine stopped meanwhile: its last picture is the freshest there is.
            }
        }

        return Snapshot();
    }

    /// <summary>While paused no probe is sent and no interface polled; statistics stay as they are.</summary>
    public Task Pause(bool paused) => Send(new PauseCommand(paused));

    public Task TogglePause() => Send(new PauseCommand(null));

    /// <summary>
    /// deadman's refresh: every target's counts, RTTs and history start again from nothing. The record of what
    /// happened stays: each target's state and since when, and the recent events.
    /// </summary>
    public Task Reset() => Send(new ResetCommand());

    /// <summary>
    /// From the next picture on, <see cref="MonitorSnapshot.Focused"/> carries everything known of this target, its
    /// latest results included (null: of none). Done when a picture shows it.
    /// </summary>
    public Task Focus(int? targetId) => Send(new FocusCommand(targetId));

    /// <inheritdoc/>
    public Task TraceLive(int? targetId) => Send(new LiveTraceCommand(targetId));

    /// <inheritdoc/>
    public bool CanAcknowledge => true;

    /// <inheritdoc/>
    public Task Acknowledge(IReadOnlyList<int> targetIds, Acknowledgement acknowledgement) => Send(new AcknowledgeCommand(targetIds, acknowledgement));

    /// <inheritdoc/>
    public Task Withdraw(IReadOnlyList<int> targetIds, string by) => Send(new WithdrawCommand(targetIds, by));

    /// <summary>Gives back, by host name, the acknowledgements an earlier run saved (the state file); expired ones are dropped.</summary>
    public Task Restore(IReadOnlyDictionary<string, Acknowledgement> saved) => Send(new RestoreCommand(saved));

    /// <summary>
    /// Replaces targets and watched interfaces with those of a newly read file. Targets with the same identity keep
    /// their statistics and history (and their place in the probe schedule); new ones start fresh; removed ones stop.
    /// Interfaces of the same agent keep their baseline; added ones start polling; removed ones stop.
    /// </summary>
    public Task Reload(IReadOnlyList<ConfigEntry> entries, Health.HealthSettings? health = null) => Send(new ReloadCommand(entries, health));

    /// <summary>Resolves, probes, polls and folds results until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _running = cancellationToken;
        // Before the first send and before the loop runs, so this thread owns the state meanwhile: a literal
        // address gets its probe at once, so the first round goes out on time.
        _started = true;
        foreach (MonitoredTarget target in _roster.Targets.Values)
        {
            _starter.Begin(target, _paused, cancellationToken);
        }

        WatchedAgent[] agents = _roster.AgentOrder;
        for (int i = 0; i < agents.Length; i++)
        {
            _polling.Start(agents[i], _options.TrafficInterval * i / agents.Length, cancellationToken);
        }

        // The run is over only once Stop has ended every probe: said before it, a headless run could exit while
        // system ping processes were still being killed, and they pinged on for ever (issue 30; they ignore SIGPIPE,
        // as the runtime does).
        Task loop = LoopThread.Start("engine-loop", () => Loop(cancellationToken), Stop);
        try
        {
            await loop.ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(_roster.Agents.Values.Select(a => a.Polling)).ConfigureAwait(false);
            await _polling.DisposeAsync().ConfigureAwait(false);
        }
    }

    void IProbeSink.Report(int targetId, long round, ProbeResult result) => _inbox.Enqueue(new MonitorMessage(targetId, round, result, null));

    void IProbeSink.Verdict(int targetId, long round, bool answers) =>
        _inbox.Enqueue(new MonitorMessage(targetId, round, default, answers ? VerdictNews.Answering : VerdictNews.Silent));

    void IProbeSink.PathMtu(int targetId, int? bytes, string? unknownBecause) =>
        _inbox.Enqueue(new MonitorMessage(targetId, 0, default, new PathMtuNews(bytes, unknownBecause)));

    void IProbeSink.Certificate(int targetId, TlsCertificate certificate) => _inbox.Enqueue(new MonitorMessage(targetId, 0, default, certificate));

    void IProbeSink.Traced(int targetId, Probing.Trace.PathTrace trace) => _inbox.Enqueue(new MonitorMessage(targetId, 0, default, new TraceNews(trace)));

    private MonitorSnapshot Picture(DateTimeOffset now) => _pictures.Build(now, _paused, _focus, _tracing, _liveTraceNote);

    private Task Send(EngineCommand command)
    {
        _inbox.Enqueue(new MonitorMessage(0, 0, default, command));
        return command.Applied.Task;
    }

    private void Loop(CancellationToken cancellationToken)
    {
        _looping = true;
        using var bell = new Platform.Doorbell();
        using (cancellationToken.Register(bell.Ring))
        {
            do
            {
                _scheduler.RunDue(_time.GetTimestamp());
                TraceWhileUp();
                _probes.Pump();
                Batch(last: false);
                bell.Wait(_options.Timing.Slot);
            }
            while (!cancellationToken.IsCancellationRequested);
        }

        _looping = false;
        Batch(last: true);
    }

    private void Batch(bool last)
    {
        if (_inbox.IsEmpty && !last && _publication.Idle(watched: Published is not null))
        {
            return;
        }

        _changes.Clear();
        _records.Clear();
        _agentChanges.Clear();
        _pathMtuChanges.Clear();
        _traceEvents.Clear();
        _acknowledgementChanges.Clear();
        _applied.Clear();
        DateTimeOffset now = _time.GetUtcNow();
        bool news = false;
        while (_inbox.TryDequeue(out MonitorMessage message))
        {
            Apply(message, now);
            news = true;
        }

        news |= _acknowledgements.Expire(now);
        news |= _maintenance.Check(now, _closedOnTrouble);
        foreach (TargetState state in _closedOnTrouble)
        {
            // Told as a change to the state it is in: the bell, the events and the alert routes (never told of it) hear it now.
            _changes.Add(_recent.Record(state.View, state.Status, now, state.Since));
        }

        _closedOnTrouble.Clear();

        _publication.Saw(news, stateChanged: _changes.Count > 0 || _acknowledgementChanges.Count > 0);
        // Whether anyone watches is read after the inbox: one who left before a message was sent is not shown it.
        Action? published = Published;
        if (_publication.Due(watched: published is not null, mustShow: last || _completedNow || _applied.Count > 0))
        {
            Volatile.Write(ref _published, Picture(now));
            _publication.Published();
            published?.Invoke();
        }

        if (_completedNow)
        {
            _completion.TrySetResult();
            _completedNow = false;
        }

        foreach (ProbeRecord record in _records)
        {
            ResultRecorded?.Invoke(record);
        }

        foreach (StateChange change in _changes)
        {
            StateChanged?.Invoke(change);
        }

        foreach (AgentChange change in _agentChanges)
        {
            AgentChanged?.Invoke(change);
        }

        foreach (PathMtuChange change in _pathMtuChanges)
        {
            PathMtuChanged?.Invoke(change);
        }

        foreach (TraceEvent traced in _traceEvents)
        {
            Traced?.Invoke(traced);
        }

        foreach (AcknowledgementChange change in _acknowledgementChanges)
        {
            Acknowledged?.Invoke(change);
        }

        foreach (EngineCommand command in _applied)
        {
            command.Applied.TrySetResult();
        }
    }

    private void Apply(MonitorMessage message, DateTimeOffset now)
    {
        switch (message.News)
        {
            case null when _roster.Targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                Fold(target, message.Round, message.Result, now);
                break;
            case VerdictNews verdict when _roster.Targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                DateTimeOffset since = target.State.Since;
                if (target.State.Verdict(message.Round, verdict.Answers, now) is { } previous)
                {
                    Changed(target.State, previous, since, now);
                }

                break;
            case PathMtuNews found when _roster.Targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                if (target.State.SetPathMtu(new PathMtu(found.Bytes, found.UnknownBecause, now)) is { } before)
                {
                    _pathMtuChanges.Add(new PathMtuChange(target.State.View, before, found.Bytes!.Value, now));
                }

                break;
            case TlsCertificate certificate when _roster.Targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                DateTimeOffset stateSince = target.State.Since;
                if (target.State.SetCertificate(certificate, now) is { } was)
                {
                    Changed(target.State, was, stateSince, now);
                }

                break;
            case TraceNews traced:
                TakeTrace(message.TargetId, traced.Trace, now);
                break;
            case AddressNews news when _roster.Targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                _starter.Address(target, news, _paused);
                break;
            case PollNews poll when _roster.Agents.TryGetValue(poll.AgentId, out WatchedAgent? agent):
                Fold(agent, poll.Report, now);
                break;
            case EngineCommand command:
                Apply(command, now);
                _applied.Add(command);
                break;
            default:
                // A target or agent removed by a reload may still have answers on the way: they have nowhere to go.
                break;
        }
    }

    private void Apply(EngineCommand command, DateTimeOffset now)
    {
        switch (command)
        {
            case PauseCommand pause when (pause.Paused ?? !_paused) != _paused:
                _paused = !_paused;
                _scheduler.Paused = _paused;
                _roster.Pause(_paused, _records);
                break;
            case ResetCommand:
                _roster.Reset();
                break;
            case FocusCommand focus:
                _focus = focus.TargetId;
                break;
            case LiveTraceCommand live:
                MonitoredTarget? traced = live.TargetId is { } id && _roster.Targets.TryGetValue(id, out MonitoredTarget? target) ? target : null;
                // A trace started again shows its own passes, not the last picture of the one before.
                traced?.State.LiveTrace = null;
                _liveTraceNote = _tracing.Live(traced);
                break;
            case ReloadCommand reload:
                _roster.Health = reload.Health ?? _roster.Health;
                Load(reload.Entries, now);
                break;
            case AcknowledgeCommand given:
                _acknowledgements.Give(given.TargetIds, given.Acknowledgement, now);
                break;
            case WithdrawCommand withdrawn:
                _acknowledgements.Withdraw(withdrawn.TargetIds, withdrawn.By, now);
                break;
            case RestoreCommand restored:
                _acknowledgements.Restore(restored.Saved, now);
                break;
        }
    }

    // Reads the file's entries into the roster; on a reload, starts what came and stops what went.
    private void Load(IReadOnlyList<ConfigEntry> entries, DateTimeOffset now)
    {
        RosterChange change = _roster.Load(entries);
        foreach (IDisposable removed in change.Removed)
        {
            removed.Dispose();
            if (removed is MonitoredTarget gone)
            {
                _tracing.Forget(gone.State.Id);
                _acknowledgements.Removed(gone.State, now);
            }
        }

        foreach (var (target, agent) in change.Lines)
        {
            JudgeGauges(target, agent, now);
        }

        if (_started)
        {
            change.Added.ForEach(target => _starter.Begin(target, _paused, _running));
            change.AddedAgents.ForEach(agent => _polling.Start(agent, TimeSpan.Zero, _running));
        }

        _pictures.AgentsChanged();
        _maintenance.Load();
        _tracedWhileUp = [.. _roster.Targets.Values.Where(t => t.Probed && t.State.Rules.TraceEvery > TimeSpan.Zero)];
        _scheduler.SetTargets([.. _roster.Layout.Select(r => r.Target).OfType<MonitoredTarget>().Where(t => t.Probed).Select(t => t.Scheduled)]);
    }

    private void Fold(MonitoredTarget target, long round, ProbeResult result, DateTimeOffset now)
    {
        TargetState state = target.State;
        long before = state.TotalSent;
        DateTimeOffset since = state.Since;
        if (state.Apply(round, result, now) is { } previous)
        {
            Changed(state, previous, since, now);
        }

        // Only listeners make records: nobody logs, nothing to make.
        if (ResultRecorded is not null && state.TotalSent != before)
        {
            // Rounds in flight at a reset never get a record; the order must not wait for them.
            target.Records.SkipTo(state.FirstRound, _records);
            target.Records.Add(new ProbeRecord(state.Spec, state.Sent, state.Rtt, round, result, target.Scheduled.SentAt(round) ?? now), _records);
        }

        if (state.Sent == _options.Rounds && --_incomplete == 0)
        {
            _completedNow = true;
        }
    }

    // A host that turns down, or degraded from working, has its path traced from where its probes leave.
    private void Changed(TargetState state, TargetStatus previous, DateTimeOffset since, DateTimeOffset now)
    {
        // First, so that the change shows whether the new state is a known problem, or expected in maintenance.
        _acknowledgements.StatusChanged(state, now);
        state.CheckMaintenance(now);
        _changes.Add(_recent.Record(state.View, previous, now, since));
        bool failed = state.Status == TargetStatus.Down || (state.Status == TargetStatus.Degraded && previous != TargetStatus.Down);
        if (_options.TraceOnFailure && failed && !state.Spec.ExpectDown && _roster.Targets.TryGetValue(state.Id, out MonitoredTarget? target)
            && _tracing.Request(target) is { } recent)
        {
            TakeTrace(target, recent.Trace with { TracedFor = recent.TracedFor == state.Spec.Name ? null : recent.TracedFor }, now);
        }
    }

    // trace=on: a host that answers has its own path traced every so often (looked at once a second), to see a
    // route change; one that fails was traced then.
    private void TraceWhileUp()
    {
        long now = _time.GetTimestamp();
        if (_tracedWhileUp.Length == 0 || _paused || now < _periodicCheckAt)
        {
            return;
        }

        _periodicCheckAt = now + _time.TimestampFrequency;
        foreach (MonitoredTarget target in _tracedWhileUp)
        {
            TargetState state = target.State;
            long every = (long)(state.Rules.TraceEvery!.Value.TotalSeconds * _time.TimestampFrequency);
            if (state.Status == TargetStatus.Up && state.Address is not null && (state.PeriodicTraceAt is not { } last || now - last >= every))
            {
                state.PeriodicTraceAt = now;
                _tracing.Request(target, shared: false);
            }
        }
    }

    // A trace's picture: a live one's for the detail; a final one's for every host it was taken for, with the names
    // of hops that are rows of the host list.
    private void TakeTrace(int targetId, Probing.Trace.PathTrace trace, DateTimeOffset now)
    {
        Probing.Trace.PathTrace named = HopNames.Apply(trace, _roster.Targets.Values);
        _roster.Targets.TryGetValue(targetId, out MonitoredTarget? traced);
        if (trace.Live)
        {
            traced?.State.LiveTrace = _tracing.LiveTarget == targetId ? named : null;
            return;
        }

        // The hosts it was for; the one traced may have left with a reload, the others still want it.
        foreach (int member in _tracing.Finished(targetId, named))
        {
            if (_roster.Targets.TryGetValue(member, out MonitoredTarget? target))
            {
                TakeTrace(target, member == targetId ? named : named with { TracedFor = traced?.State.Spec.Name ?? named.Destination.ToString() }, now);
            }
        }
    }

    // A trace's picture after each pass is shown at once (a short --count run reports what the first found); only
    // its final one is an event, and the one compared with the path before.
    private void TakeTrace(MonitoredTarget target, Probing.Trace.PathTrace trace, DateTimeOffset now)
    {
        Probing.Trace.PathTrace? before = target.State.SetTrace(trace, now);
        if (trace.Final)
        {
            _traceEvents.Add(new TraceEvent(target.State.View, trace, before, now));
        }
    }

    private void Fold(WatchedAgent agent, PollReport report, DateTimeOffset now)
    {
        agent.Apply(report);
        _agentChanges.AddRange(report.Changes);
        _pictures.AgentsChanged();
        JudgeGauges(agent.Target, agent, now);
    }

    // A gauge beyond its limits makes its host degraded, and its reason says which.
    private void JudgeGauges(MonitoredTarget? target, WatchedAgent? agent, DateTimeOffset now)
    {
        if (target is null)
        {
            return;
        }

        DateTimeOffset since = target.State.Since;
        if (target.State.SetGaugeReason(agent?.GaugeReason(), now) is { } previous)
        {
            Changed(target.State, previous, since, now);
        }
    }

    private void Stop()
    {
        _roster.Dispose();

        // Whoever awaits a command must not wait for a loop that has gone.
        while (_inbox.TryDequeue(out MonitorMessage message))
        {
            (message.News as EngineCommand)?.Applied.TrySetCanceled();
        }
    }

    public void Dispose()
    {
        if (!_started)
        {
            // Never run: RunAsync, which closes the SNMP socket after the last poll, will not.
            _polling.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
