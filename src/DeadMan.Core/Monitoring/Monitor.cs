using System.Collections.Concurrent;
using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Probing;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The engine: owns everything deadman observes, the ping targets and the SNMP interfaces of a config. Probe results,
/// poll results and commands (pause, reset, reload) all pass through one queue into one loop, the only writer of
/// state, which publishes an immutable <see cref="MonitorSnapshot"/> and then raises its events. Readers take the
/// latest snapshot and never wait for the loop. A snapshot is published at once after a command, and otherwise only
/// while someone reads them: at most every 250 ms, or at the end of the batch in which a target changed state, so
/// that a host going down (or answering first) is on screen a slot later, not a period later; <see cref="Published"/>
/// says so. Between changes only RTTs and counts move, once per interval per host: at 1,000 hosts, pictures ten
/// times a second cost the full screen 0.008 CPU s/s more than four times (measured, native). A picture of 10,000
/// targets is 10,000 new views, and making one per 10 ms batch for nobody cost half again the engine's CPU (measured).
/// The loop has a thread of its own (on the thread pool, a busy or starved pool delayed results by up to a second,
/// measured) and takes what has queued once per <see cref="ProbeTiming.Slot"/>: being woken for each result cost
/// more CPU than the probes themselves.
/// A reload keeps every target whose identity (name, address, probe options) is unchanged, with its history, and
/// every watched interface of an unchanged agent (address, port) with its rate baseline.
/// </summary>
public sealed class Monitor : IProbeSink, IMonitorView, IDisposable
{
    private const int MaxEvents = 200;
    private static readonly TimeSpan s_maxResolveRetry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_freshPatience = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_publishPeriod = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<int, MonitoredTarget> _targets = [];
    private readonly Dictionary<int, WatchedAgent> _agents = [];
    private readonly IProbeFactory _probes;
    private readonly MonitorOptions _options;
    private Health.HealthSettings _health;
    private readonly TimeProvider _time;
    private readonly AddressResolver _resolver;
    private readonly ConcurrentQueue<MonitorMessage> _inbox = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProbeScheduler _scheduler;
    private readonly List<StateChange> _changes = [];
    private readonly List<ProbeRecord> _records = [];
    private readonly List<AgentChange> _agentChanges = [];
    private readonly List<EngineCommand> _applied = [];
    private readonly LinkedList<StateChange> _events = [];
    private (MonitoredTarget? Target, SeparatorSpec? Separator)[] _layout = [];
    private WatchedAgent[] _agentOrder = [];
    private IReadOnlyList<InterfaceView>? _interfaces;
    private IReadOnlyList<Snmp.Gauges.GaugeView>? _gauges;
    private IReadOnlyList<StateChange>? _eventList;
    private MonitorSnapshot _published;
    private SnmpClient? _snmp;
    private CancellationToken _running = CancellationToken.None;
    private volatile bool _paused;
    private bool _started;
    private int _nextId;
    private int _incomplete;
    private long _version;
    private long _eventSequence;
    private long _publishedAt;
    private bool _unpublished;
    private bool _unpublishedChange;
    private bool _completedNow;
    private volatile bool _read;
    private volatile bool _looping;

    public Monitor(IReadOnlyList<ConfigEntry> entries, IProbeFactory probes, MonitorOptions options, TimeProvider time, AddressResolver? resolver = null)
    {
        _probes = probes;
        _options = options;
        _health = options.Health;
        _time = time;
        _resolver = resolver ?? new AddressResolver();
        _scheduler = new ProbeScheduler(this, time, options.Timing, options.Rounds, firstRoundAtOnce: !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled);
        Load(entries, time.GetUtcNow());
        // Made here, so that the socket lives where the engine was made (a test's or benchmark's network namespace).
        _snmp = _agentOrder.Length > 0 ? new SnmpClient() : null;
        _incomplete = options.Rounds is null ? -1 : _targets.Values.Count(t => t.Probed);
        if (_incomplete == 0)
        {
            _completion.TrySetResult();
        }

        _published = Publish(time.GetUtcNow());
    }

    /// <summary>Raised on the engine loop when a target goes up or down, after the snapshot that shows it; handlers must be quick.</summary>
    public event Action<StateChange>? StateChanged;

    /// <summary>Raised on the engine loop for every result, after it was folded in; handlers must only queue work.</summary>
    public event Action<ProbeRecord>? ResultRecorded;

    /// <summary>Raised on the engine loop when an SNMP agent stops or starts answering, or restarted.</summary>
    public event Action<AgentChange>? AgentChanged;

    /// <summary>Raised on the engine loop after a new snapshot was published; handlers must only nudge a reader.</summary>
    public event Action? Published;

    /// <summary>With <see cref="MonitorOptions.Rounds"/>: completes when every probed target has all its results.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The latest published picture; never waits for the engine. Reading asks for the next one.</summary>
    public MonitorSnapshot Snapshot()
    {
        _read = true;
        return Volatile.Read(ref _published);
    }

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

    /// <summary>Everything known of one target, its latest results included; null when it is gone or the engine stopped.</summary>
    public async Task<TargetDetail?> DescribeAsync(int targetId)
    {
        var command = new DescribeCommand(targetId);
        try
        {
            await Send(command).WaitAsync(s_freshPatience).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskCanceledException or TimeoutException)
        {
            return null;
        }

        return command.Detail;
    }

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
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The run is over only once Stop has ended every probe: said before it, a headless run could exit while
        // system ping processes were still being killed, and they pinged on for ever (issue 30; they ignore SIGPIPE,
        // as the runtime does).
        var loop = new Thread(() =>
        {
            Exception? failed = null;
            try
            {
                Loop(cancellationToken);
            }
#pragma warning disable CA1031 // handed to the caller through the task
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed = e;
            }
            finally
            {
                Stop();
            }

            if (failed is null)
            {
                stopped.SetResult();
            }
            else
            {
                stopped.SetException(failed);
            }
        })
        { IsBackground = true, Name = "engine-loop" };
        // Before the first send: a literal address resolves at once, so the first round goes out on time.
        _started = true;
        foreach (MonitoredTarget target in _targets.Values)
        {
            StartResolving(target);
        }

        for (int i = 0; i < _agentOrder.Length; i++)
        {
            StartPolling(_agentOrder[i], _options.TrafficInterval * i / _agentOrder.Length);
        }

        _scheduler.Start();
        loop.Start();
        try
        {
            await stopped.Task.ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(_agents.Values.Select(a => a.Polling)).ConfigureAwait(false);
            if (_snmp is not null)
            {
                await _snmp.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    void IProbeSink.Report(int targetId, long round, ProbeResult result) => _inbox.Enqueue(new MonitorMessage(targetId, round, result, null));

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
        if (_inbox.IsEmpty && !_unpublished)
        {
            return;
        }

        _changes.Clear();
        _records.Clear();
        _agentChanges.Clear();
        _applied.Clear();
        DateTimeOffset now = _time.GetUtcNow();
        while (_inbox.TryDequeue(out MonitorMessage message))
        {
            Apply(message, now);
            _unpublished = true;
        }

        // A change that came while the reader was still busy with the last picture waits only for its next read.
        _unpublishedChange |= _changes.Count > 0;
        // Whoever awaits Completion reads the picture that completed it; the last one shows everything that came in.
        if (last || _completedNow || _applied.Count > 0 || (_read && (_unpublishedChange || _time.GetElapsedTime(_publishedAt) >= s_publishPeriod)))
        {
            Volatile.Write(ref _published, Publish(now));
            (_publishedAt, _unpublished, _unpublishedChange, _read) = (_time.GetTimestamp(), false, false, false);
            Published?.Invoke();
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

        foreach (EngineCommand command in _applied)
        {
            command.Applied.TrySetResult();
        }
    }

    private void Apply(MonitorMessage message, DateTimeOffset now)
    {
        switch (message.News)
        {
            case null when _targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                Fold(target, message.Round, message.Result, now);
                break;
            case AddressNews news when _targets.TryGetValue(message.TargetId, out MonitoredTarget? target):
                target.State.SetAddress(news.Address, news.Note);
                break;
            case PollNews poll when _agents.TryGetValue(poll.AgentId, out WatchedAgent? agent):
                Fold(agent, poll.Report, now);
                break;
            case EngineCommand command:
                Apply(command);
                _applied.Add(command);
                break;
            default:
                // A target or agent removed by a reload may still have answers on the way: they have nowhere to go.
                break;
        }
    }

    private void Apply(EngineCommand command)
    {
        switch (command)
        {
            case PauseCommand pause when (pause.Paused ?? !_paused) != _paused:
                _paused = !_paused;
                _scheduler.Paused = _paused;
                foreach (MonitoredTarget target in _targets.Values)
                {
                    target.Scheduled.Probe?.Pause(_paused);
                    // Rounds dropped by the pause will never report: the log must not wait for them.
                    target.Records.SkipTo(target.Scheduled.NextRound, _records);
                }

                break;
            case ResetCommand:
                foreach (MonitoredTarget target in _targets.Values)
                {
                    // Results of probes already in flight belong to the old statistics.
                    target.State.Reset(target.Scheduled.NextRound);
                }

                break;
            case DescribeCommand describe when _targets.TryGetValue(describe.TargetId, out MonitoredTarget? target):
                describe.Detail = new TargetDetail(target.State.View, target.State.Recent.ToArray().AsReadOnly());
                break;
            case ReloadCommand reload:
                _health = reload.Health ?? _health;
                foreach (IDisposable removed in Load(reload.Entries, _time.GetUtcNow()))
                {
                    removed.Dispose();
                }

                break;
        }
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

    private void Changed(TargetState state, TargetStatus previous, DateTimeOffset since, DateTimeOffset now)
    {
        var change = new StateChange(state.View, previous, state.Status, now, ++_eventSequence) { Lasted = now - since };
        _changes.Add(change);
        // A host answering for the first time is no news; one that is down from the start is.
        if (previous != TargetStatus.Unknown || change.To != TargetStatus.Up)
        {
            _events.AddFirst(change);
            if (_events.Count > MaxEvents)
            {
                _events.RemoveLast();
            }

            _eventList = null;
        }
    }

    /// <summary>What an interface or gauge says when neither its agent nor its host's pings answer.</summary>
    public const string HostDownDetail = "no response: the host does not answer pings either";

    private void Fold(WatchedAgent agent, PollReport report, DateTimeOffset now)
    {
        // An agent silent on a host that does not answer pings either is the host being down: said so, rather than
        // the client's guesses at a silence (a wrong privacy password) that the pings explain.
        string? hostDown = agent.Target?.State.Status == TargetStatus.Down ? HostDownDetail : null;
        foreach (InterfaceReading reading in report.Interfaces)
        {
            agent.Interfaces.Find(i => i.Name == reading.Interface)?.Apply(hostDown is not null && reading.State == "no-response" ? reading with { Detail = hostDown } : reading);
        }

        foreach (Snmp.Gauges.GaugeReading reading in report.Gauges)
        {
            agent.Gauges.Find(g => g.Name == reading.Name)?.Apply(hostDown is not null && reading.State == "no-response" ? reading with { Detail = hostDown } : reading);
        }

        _agentChanges.AddRange(report.Changes);
        _interfaces = null;
        _gauges = null;
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

    private MonitorSnapshot Publish(DateTimeOffset now)
    {
        var rows = RowList.Build(_layout.Length, i => new MonitorRow(_layout[i].Target?.State.View, _layout[i].Separator));

        _interfaces ??= [.. _agentOrder.SelectMany(a => a.Interfaces.Select(i => i.View(a.Host.Name)))];
        _gauges ??= [.. _agentOrder.SelectMany(a => a.Gauges.Select(g => g.View(a.Host.Name))).OfType<Snmp.Gauges.GaugeView>()];
        _eventList ??= [.. _events];
        return new MonitorSnapshot(++_version, now, rows) { Paused = _paused, Interfaces = _interfaces, Gauges = _gauges, Events = _eventList };
    }

    // Builds the layout from entries, reusing targets by identity and agents by address; returns what is no longer in the file.
    private List<IDisposable> Load(IReadOnlyList<ConfigEntry> entries, DateTimeOffset now)
    {
        var unclaimed = _targets.Values.GroupBy(t => t.State.Spec.Identity).ToDictionary(g => g.Key, g => new Queue<MonitoredTarget>(g));
        var unclaimedAgents = _agentOrder.GroupBy(a => WatchedAgent.KeyOf(a.Host)).ToDictionary(g => g.Key, g => new Queue<WatchedAgent>(g));
        var layout = new List<(MonitoredTarget?, SeparatorSpec?)>();
        var kept = new Dictionary<int, MonitoredTarget>();
        var agents = new List<WatchedAgent>();
        // Most hosts share their rules: one object for each distinct set, not one per host.
        var rules = new HashSet<Health.HealthRules>();
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
            Health.HealthRules own = _health.For(spec.Name, spec.Group, spec.Health);
            if (!rules.TryGetValue(own, out Health.HealthRules? shared))
            {
                rules.Add(own);
                shared = own;
            }

            target.State.SetRules(shared, _options.Timing.Interval);
            kept[target.State.Id] = target;
            layout.Add((target, null));
            WatchedAgent? agent = spec.Traffic is null ? null : Watch(spec, unclaimedAgents);
            if (agent is not null)
            {
                agents.Add(agent);
                agent.Target = target;
            }

            // A line that no longer lists a gauge no longer has it judged.
            JudgeGauges(target, agent, now);
        }

        List<IDisposable> removed = [.. _targets.Values.Where(t => !kept.ContainsKey(t.State.Id))];
        _targets.Clear();
        foreach (var (id, target) in kept)
        {
            _targets[id] = target;
        }

        foreach (WatchedAgent gone in unclaimedAgents.Values.SelectMany(q => q))
        {
            _agents.Remove(gone.Id);
            removed.Add(gone);
        }

        _layout = [.. layout];
        _agentOrder = [.. agents];
        _interfaces = null;
        _gauges = null;
        _scheduler.SetTargets([.. layout.Select(r => r.Item1).OfType<MonitoredTarget>().Where(t => t.Probed).Select(t => t.Scheduled)]);
        return removed;
    }

    private MonitoredTarget Create(TargetSpec spec)
    {
        int id = _nextId++;
        string? unsupported = _probes.Unsupported(spec.Probe);
        string? note = unsupported ?? (spec.Address.IsHostName ? "resolving" : null);
        var target = new MonitoredTarget(new TargetState(id, spec, _options.HistoryCapacity, note, _time.GetUtcNow()), new ScheduledTarget(id, _options.Timing), unsupported is null, spec.Address.IsHostName);
        if (_started)
        {
            StartResolving(target);
        }

        return target;
    }

    private WatchedAgent Watch(TargetSpec host, Dictionary<string, Queue<WatchedAgent>> unclaimed)
    {
        if (unclaimed.TryGetValue(WatchedAgent.KeyOf(host), out var same) && same.TryDequeue(out WatchedAgent? agent))
        {
            agent.Update(host);
            agent.Expect(_options.Snmp.Gauges(host.Traffic!));
            return agent;
        }

        agent = new WatchedAgent(_nextId++, host);
        agent.Expect(_options.Snmp.Gauges(host.Traffic!));
        _agents[agent.Id] = agent;
        if (_started)
        {
            StartPolling(agent, TimeSpan.Zero);
        }

        return agent;
    }

    private void StartResolving(MonitoredTarget target)
    {
        if (target.Probed)
        {
            // The id and spec are taken here: the lookup runs off the loop and must not read the target's state there.
            _ = ResolveAsync(target, target.State.Id, target.State.Spec);
        }
    }

    // Names are looked up off the loop, never blocking other targets; a failure is retried with backoff.
    private async Task ResolveAsync(MonitoredTarget target, int id, TargetSpec spec)
    {
        using CancellationTokenSource? lifetime = target.Resolving is { } resolving ? CancellationTokenSource.CreateLinkedTokenSource(_running, resolving.Token) : null;
        CancellationToken cancellationToken = lifetime?.Token ?? _running;
        TimeSpan retry = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested && !target.Removed)
        {
            try
            {
                var address = await _resolver.ResolveAsync(spec.Address, cancellationToken).ConfigureAwait(false);
                IProbe probe = _probes.Create(id, spec.Probe, address, this);
                if (_paused)
                {
                    probe.Pause(true);
                }

                target.Scheduled.Probe = probe;
                target.Scheduled.Failure = null;
                if (cancellationToken.IsCancellationRequested || target.Removed)
                {
                    // Removed by a reload while the lookup (or a retry's wait) ran.
                    probe.Dispose();
                    return;
                }

                Post(id, new AddressNews(address, null));
                return;
            }
            catch (AddressResolutionException e)
            {
                target.Scheduled.Failure = e.Message;
                Post(id, new AddressNews(null, e.Message));
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
                Post(id, new AddressNews(null, $"cannot probe: {e.Message}"));
            }

            if (!await DelayAsync(retry, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_maxResolveRetry.Ticks));
        }
    }

    private void StartPolling(WatchedAgent agent, TimeSpan phase)
    {
        _snmp ??= new SnmpClient();
        agent.Polling = PollAsync(agent, _snmp, phase);
    }

    // One task per agent, each on a fixed grid like the pings (a slow agent does not push its next poll later), the
    // agents spread over the interval; never more than one poll of an agent in flight.
    private async Task PollAsync(WatchedAgent agent, SnmpClient client, TimeSpan phase)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(_running, agent.Lifetime.Token);
        CancellationToken cancellationToken = lifetime.Token;
        TimeSpan interval = _options.TrafficInterval;
        try
        {
            if (!await WaitUntilAsync(agent, _time.GetTimestamp() + TimestampTicks(phase), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            IPAddress? address = null;
            while (address is null)
            {
                try
                {
                    address = await _resolver.ResolveAsync(agent.Host.Address, cancellationToken).ConfigureAwait(false);
                }
                catch (AddressResolutionException)
                {
                    // The agent's name does not resolve yet: its interfaces stay "waiting"; try again next interval.
                    if (!await WaitUntilAsync(agent, _time.GetTimestamp() + TimestampTicks(interval), cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }

            TargetSpec polledAs = agent.Host;
            var poller = new AgentPoller(client, AgentAt(address, polledAs.Traffic!), polledAs.Name, polledAs.Traffic!, _options.Snmp.Gauges(polledAs.Traffic!), _time);
            long start = _time.GetTimestamp();
            for (long round = 1; !cancellationToken.IsCancellationRequested; round++)
            {
                if (!ReferenceEquals(agent.Host, polledAs))
                {
                    polledAs = agent.Host;
                    poller.Watch(AgentAt(address, polledAs.Traffic!), polledAs.Traffic!, _options.Snmp.Gauges(polledAs.Traffic!));
                }

                if (!_paused)
                {
                    PollReport report = await poller.PollAsync(cancellationToken).ConfigureAwait(false);
                    _inbox.Enqueue(new MonitorMessage(0, 0, default, new PollNews(agent.Id, report)));
                }

                if (!await WaitUntilAsync(agent, start + TimestampTicks(interval * round), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Credentials a line names exist: a load or reload that lacks them fails before it reaches the engine.
    private SnmpAgent AgentAt(IPAddress address, TrafficSpec traffic) =>
        _options.Snmp.Agent(new IPEndPoint(address, traffic.Port), traffic.Access, TimeSpan.FromSeconds(1), 2)
        ?? SnmpAgent.V2c(new IPEndPoint(address, traffic.Port), "");

    /// <summary>
    /// Every send and poll due by the clock's <paramref name="timestamp"/> has been made (or skipped, paused), and each
    /// of the scheduler and the polling tasks waits for a later time: what a test with a fake clock waits for.
    /// </summary>
    internal bool CaughtUp(long timestamp) =>
        _scheduler.NextDue > timestamp && Volatile.Read(ref _agentOrder).All(a => a.WaitingUntil > timestamp);

    // The timer is set before the agent says until when it waits: a test that moves the clock as soon as every agent
    // waits would otherwise now and then move it before the timer was set, which then counted from the moved clock
    // and came an interval late, or never.
    private async Task<bool> WaitUntilAsync(WatchedAgent agent, long dueTimestamp, CancellationToken cancellationToken)
    {
        long ticks = Math.Max(0, dueTimestamp - _time.GetTimestamp());
        Task delay = Task.Delay(TimeSpan.FromSeconds(ticks / (double)_time.TimestampFrequency), _time, cancellationToken);
        agent.WaitingUntil = dueTimestamp;
        try
        {
            await delay.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private long TimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Post(int id, AddressNews news) => _inbox.Enqueue(new MonitorMessage(id, 0, default, news));

    private void Stop()
    {
        _scheduler.Dispose();
        foreach (MonitoredTarget target in _targets.Values)
        {
            target.Dispose();
        }

        foreach (WatchedAgent agent in _agents.Values)
        {
            agent.Dispose();
        }

        // Whoever awaits a command must not wait for a loop that has gone.
        while (_inbox.TryDequeue(out MonitorMessage message))
        {
            (message.News as EngineCommand)?.Applied.TrySetCanceled();
        }
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        if (!_started && _snmp is not null)
        {
            // Never run: RunAsync, which closes the socket after the last poll, will not.
            _snmp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
