using System.Net;
using System.Threading.Channels;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Remote;

/// <summary>
/// Other deadmans' view of their hosts, read back from Prometheus once an interval and published as the same
/// pictures this machine's engine publishes, so the full screen and the web view draw it unchanged. A host's state is
/// the worst any live vantage sees (<see cref="RemoteHost.Status"/>); LOSS and SNT add up every vantage's probes, RTT
/// and AVG are the slowest vantage's; each read is one round of its sparkline (down if a vantage saw it down, else the
/// slowest RTT), and the rounds before are filled from a range query at the start and after the server was lost.
/// Probes nothing. A failed read keeps the last picture and says why through <see cref="ProblemChanged"/>.
/// </summary>
/// <remarks>
/// Like the engine, one loop (<see cref="RunAsync"/>) owns every field: pause and reset come through its inbox and are
/// applied between reads, so nothing is locked, and events are raised from the loop with nothing held.
/// </remarks>
public sealed class RemoteMonitor(RemoteReader reader, TimeSpan interval, TimeProvider time) : IMonitorView
{
    private const int HistoryRounds = 512;
    // Rounds read back at the start: wider than RESULT on a wide terminal, and 2 x 240 points a host is an answer of
    // a few megabytes at a thousand hosts, read once.
    private const int BackfillRounds = 240;

    private readonly Dictionary<(string Name, string Address, string? Group, string Kind), RemoteTarget> _targets = [];
    private readonly RecentEvents _recent = new();
    private readonly Channel<(RemoteCommand Command, int? Focus, TaskCompletionSource Done)> _inbox =
        Channel.CreateUnbounded<(RemoteCommand, int?, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private MonitorSnapshot _published = new(0, time.GetUtcNow(), []);
    private Task<bool>? _commandWait;
    private long _round = -1;
    private int _nextId;
    private bool _paused;
    private bool _backfill = true;
    private readonly TaskCompletionSource _counted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;
    private string? _problem;
    private int? _focus;

    public event Action? Published;

    /// <summary>A host's state changed, as <see cref="MonitorSnapshot.Events"/> records it.</summary>
    public event Action<StateChange>? StateChanged;

    /// <summary>Reading began failing (the reason, said once per different reason) or works again (null).</summary>
    public event Action<string?>? ProblemChanged;

    /// <summary>
    /// For --count: the reads to make, each an instant query (a report needs no history), after which the loop reads
    /// no more and <see cref="Completion"/> is done. Null reads until cancelled.
    /// </summary>
    public int? Reads { get; init; }

    /// <summary>Done once <see cref="Reads"/> reads were made, whether or not they worked.</summary>
    public Task Completion => _counted.Task;

    /// <summary>What the last read that worked brought (null before one did): --count's report, read once the loop has stopped.</summary>
    public IReadOnlyList<RemoteHost>? LastHosts { get; private set; }

    /// <summary>Why the latest read failed, or null when it worked.</summary>
    public string? Problem => _problem;

    public MonitorSnapshot Snapshot() => Volatile.Read(ref _published);

    public Task<MonitorSnapshot> FreshSnapshotAsync() => Task.FromResult(Snapshot());

    /// <summary>While paused the server is not asked and the picture stays as it is. Done when the loop has applied it.</summary>
    public Task TogglePause() => Send(RemoteCommand.TogglePause);

    /// <summary>The sparklines start again; the figures are the agents' own and stay theirs.</summary>
    public Task Reset() => Send(RemoteCommand.Reset);

    /// <summary>The pictures carry the host's view; the agents' own results are theirs, so there are no latest results to add.</summary>
    public Task Focus(int? targetId) => Send(RemoteCommand.Focus, targetId);

    /// <summary>Reads every interval and applies commands as they come, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                ApplyCommands();
                if (!_paused && _reads != Reads)
                {
                    await ReadOnceAsync(cancellationToken).ConfigureAwait(false);
                    if (++_reads == Reads)
                    {
                        _counted.TrySetResult();
                    }
                }

                await WaitForNextReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped. A command posted now would wait for nothing: it is cancelled instead.
            _inbox.Writer.TryComplete();
            while (_inbox.Reader.TryRead(out var pending))
            {
                pending.Done.TrySetCanceled(cancellationToken);
            }
        }
    }

    private Task Send(RemoteCommand command, int? focus = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite((command, focus, done)))
        {
            done.TrySetCanceled();
        }

        return done.Task;
    }

    // Between reads the loop answers commands at once: a paused screen resumes within a keypress, not an interval.
    // One wait for commands is kept across intervals, so none is left behind each time the interval wins.
    private async Task WaitForNextReadAsync(CancellationToken cancellationToken)
    {
        Task next = Task.Delay(interval, time, cancellationToken);
        while (!next.IsCompleted)
        {
            _commandWait ??= _inbox.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(next, _commandWait).ConfigureAwait(false) == _commandWait)
            {
                _commandWait = null;
                ApplyCommands();
            }
        }

        await next.ConfigureAwait(false);
    }

    private void ApplyCommands()
    {
        bool applied = false;
        List<TaskCompletionSource> done = [];
        while (_inbox.Reader.TryRead(out var posted))
        {
            switch (posted.Command)
            {
                case RemoteCommand.TogglePause:
                    _paused = !_paused;
                    break;
                case RemoteCommand.Focus:
                    _focus = posted.Focus;
                    break;
                default:
                    ClearHistories();
                    break;
            }

            done.Add(posted.Done);
            applied = true;
        }

        if (applied)
        {
            Publish();
            done.ForEach(d => d.TrySetResult());
        }
    }

    // Reset: the sparklines start again.
    private void ClearHistories()
    {
        foreach (RemoteTarget target in _targets.Values)
        {
            target.History.Clear();
            target.View = target.View is null ? null : target.View with { History = target.History.Freeze() };
        }
    }

    /// <summary>One read: the hosts now, and the rounds before them when the history has a gap to fill. Only on the loop (or a test's one thread).</summary>
    internal async Task ReadOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RemoteHost> hosts;
        IReadOnlyDictionary<(string Name, string Address, string? Group, string Kind), IReadOnlyList<(long Step, ProbeResult Result)>>? history = null;
        try
        {
            hosts = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            LastHosts = hosts;
            if (_backfill && Reads is null)
            {
                history = await History(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RemoteException e)
        {
            // The rounds missed while the server was away are filled from it when it is back.
            _backfill = true;
            Tell(e.Message);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        Tell(null);
        List<StateChange> changes = Apply(hosts, history);
        _backfill = false;
        Publish();

        foreach (StateChange change in changes)
        {
            StateChanged?.Invoke(change);
        }
    }

    // The rounds before this read; null when they cannot be had (a slow link timing out on the bigger answer): the
    // sparklines then go on from the reads, rather than the screen waiting for something it can do without.
    private async Task<IReadOnlyDictionary<(string Name, string Address, string? Group, string Kind), IReadOnlyList<(long Step, ProbeResult Result)>>?> History(CancellationToken cancellationToken)
    {
        try
        {
            return await reader.HistoryAsync(time.GetUtcNow() - interval, interval, BackfillRounds, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteException)
        {
            return null;
        }
    }

    // Said once per different problem; a new problem is also in the picture, for the web pages.
    private void Tell(string? problem)
    {
        if (problem != _problem)
        {
            _problem = problem;
            Publish();
            ProblemChanged?.Invoke(problem);
        }
    }

    private List<StateChange> Apply(IReadOnlyList<RemoteHost> hosts, IReadOnlyDictionary<(string, string, string?, string), IReadOnlyList<(long Step, ProbeResult Result)>>? history)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (history is not null)
        {
            foreach (RemoteTarget target in _targets.Values)
            {
                target.History.Clear();
            }

            _round = Math.Max(_round, BackfillRounds - 1);
        }

        _round++;
        var changes = new List<StateChange>();
        foreach (RemoteHost host in hosts)
        {
            if (Fold(host, history?.GetValueOrDefault(host.Key), now) is { } change)
            {
                changes.Add(change);
            }
        }

        Forget(hosts);
        return changes;
    }

    // Hosts no vantage has reported for five minutes are gone from the server's answer: gone from the screen too.
    private void Forget(IReadOnlyList<RemoteHost> hosts)
    {
        var reported = hosts.Select(h => h.Key).ToHashSet();
        foreach (var gone in _targets.Keys.Where(key => !reported.Contains(key)).ToList())
        {
            _targets.Remove(gone);
        }
    }

    // One host's read: its round, the rounds before it when they were read back, its state; the change, if news.
    private StateChange? Fold(RemoteHost host, IReadOnlyList<(long Step, ProbeResult Result)>? backfill, DateTimeOffset now)
    {
        RemoteTarget target = Target(host, now);
        if (backfill is not null)
        {
            long first = _round - BackfillRounds;
            foreach ((long step, ProbeResult result) in backfill)
            {
                target.History.Record(first + step, result);
            }
        }

        if (RoundResult(host) is { } round)
        {
            target.History.Record(_round, round);
        }

        TargetStatus before = target.Status;
        DateTimeOffset since = target.Since;
        target.Status = host.Status;
        if (before != host.Status)
        {
            target.Since = now;
            target.LastChange = now;
        }

        target.View = View(target, host);
        // As the engine has it, except that a host answering for the first time is not news here at all.
        return before != host.Status && _recent.Record(target.View, before, now, since) is var change && RecentEvents.IsNews(change)
            ? change
            : null;
    }

    // The host's row, made when first read; a vantage may mark it expect=down, or stop marking it, at any read.
    private RemoteTarget Target(RemoteHost host, DateTimeOffset now)
    {
        if (!_targets.TryGetValue(host.Key, out RemoteTarget? target))
        {
            target = new RemoteTarget(++_nextId, Spec(host), new HistoryRing(HistoryRounds), now);
            _targets.Add(host.Key, target);
        }

        if (target.Spec.ExpectDown != host.ExpectDown)
        {
            target.Spec = target.Spec with { ExpectDown = host.ExpectDown };
        }

        return target;
    }

    // One round as the worst live vantage saw it: down if any saw it down, else the slowest reply; none while unknown.
    private static ProbeResult? RoundResult(RemoteHost host)
    {
        VantageReading[] live = [.. host.Vantages.Where(v => !v.Stale && v.Status != TargetStatus.Unknown)];
        if (live.Length == 0)
        {
            return null;
        }

        return live.Any(v => v.SeesDown) || live.Max(v => v.RttMs) is not { } slowest
            ? ProbeResult.Timeout()
            : ProbeResult.Reply(TimeSpan.FromMilliseconds(slowest), null);
    }

    private static TargetSpec Spec(RemoteHost host) =>
        new(host.Name, new TargetAddress(host.Address, IPAddress.TryParse(host.Address, out IPAddress? literal) ? literal : null, null),
            new ReportedProbeSpec(host.Kind), host.Group, Line: 0)
        { ExpectDown = host.ExpectDown };

    private static TargetView View(RemoteTarget target, RemoteHost host)
    {
        VantageReading[] live = [.. host.Vantages.Where(v => !v.Stale)];
        VantageReading[] answering = [.. live.Where(v => v.Status is TargetStatus.Up or TargetStatus.Degraded)];
        TimeSpan? Slowest(Func<VantageReading, double?> figure) => answering.Max(figure) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        long sent = live.Sum(v => v.Sent);
        long received = live.Sum(v => v.Received);
        return new TargetView(target.Id, target.Spec, host.Status, target.LastChange, sent, received,
            RttStats.Reported(Slowest(v => v.RttMs), Slowest(v => v.AverageMs)), null, target.Spec.Address.Literal,
            live.Length == 0 ? "stale: no vantage reports it now (agent gone or not scraped)" : null,
            RoundResult(host), target.History.Freeze())
        {
            Since = target.Since,
            Reason = VantageReading.Trouble(live, v => v.Vantage),
            TotalSent = sent,
            TotalReceived = received,
            Vantages = host.Vantages,
        };
    }

    private void Publish()
    {
        var rows = new List<MonitorRow>();
        string? group = null;
        foreach (RemoteTarget target in _targets.Values.Where(t => t.View is not null)
                     .OrderBy(t => t.Spec.Group ?? "", StringComparer.Ordinal).ThenBy(t => t.Spec.Name, StringComparer.Ordinal))
        {
            if (target.Spec.Group is { } title && title != group)
            {
                rows.Add(new MonitorRow(null, new SeparatorSpec(title, 0)));
                group = title;
            }

            rows.Add(new MonitorRow(target.View, null));
        }

        TargetDetail? focused = _focus is { } id && _targets.Values.FirstOrDefault(t => t.Id == id)?.View is { } view ? new TargetDetail(view, []) : null;
        Volatile.Write(ref _published, new MonitorSnapshot(_published.Version + 1, time.GetUtcNow(), rows) { Paused = _paused, Problem = _problem, Events = _recent.List, Focused = focused });
        Published?.Invoke();
    }

    private enum RemoteCommand
    {
        TogglePause,
        Reset,
        Focus,
    }
}
