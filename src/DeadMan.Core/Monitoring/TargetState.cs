using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Monitoring;

/// <summary>The live statistics of one target. Only the engine loop touches it; readers get its <see cref="View"/>.</summary>
/// <param name="added">When the target was loaded: an unknown target has been unknown since then.</param>
internal sealed class TargetState(int id, TargetSpec spec, int historyCapacity, string? note, DateTimeOffset added)
{
    private long _latestRound = -1;
    private long _firstRound;
    private int _failures;
    private int _replies;
    private long _endedRound = -1;
    private long _countedRound = -1;
    private bool _countedAnswers;
    private (int Failures, int Replies) _beforeCounted;
    private int _windowRounds = 1;
    private long _downFrom = -1;
    private (long From, long To) _outage = (-1, -1);
    private string? _pingReason;
    private string? _gaugeReason;
    private TargetView? _view;

    public int Id { get; } = id;

    public TargetSpec Spec { get; private set; } = spec;

    public HistoryRing History { get; } = new(historyCapacity);

    public RecentResults Recent { get; } = new();

    /// <summary>The first round that counts since the last reset.</summary>
    public long FirstRound => _firstRound;

    public long Sent { get; private set; }

    public long Received { get; private set; }

    /// <summary>Probes with a result since the target was added; a reset does not touch it (a Prometheus counter).</summary>
    public long TotalSent { get; private set; }

    public long TotalReceived { get; private set; }

    /// <summary>Confirmation echoes sent for overdue replies since the target was added (they are not probes: not in Sent).</summary>
    public long TotalConfirmations { get; private set; }

    public RttStats Rtt { get; private set; }

    public byte? Ttl { get; private set; }

    public TargetStatus Status { get; private set; }

    public DateTimeOffset? LastChange { get; private set; }

    /// <summary>When the target entered its present state: its last change, or its loading while still unknown.</summary>
    public DateTimeOffset Since => LastChange ?? added;

    public ProbeResult? LastResult { get; private set; }

    public IPAddress? Address { get; private set; }

    public string? Note { get; private set; } = note;

    /// <summary>How this target's state is judged (its line, the matching [[health.match]], [health], the defaults).</summary>
    public HealthRules Rules { get; private set; } = HealthRules.Defaults;

    /// <summary>Why the target is degraded ("loss 18% ≥ 5%", "clients 118 ≥ 80"); null in any other state.</summary>
    public string? Reason { get; private set; }

    /// <summary>What the last path MTU search found (pmtu=on), or why it found none; both null before the first.</summary>
    public PathMtu? PathMtu { get; private set; }

    /// <summary>Takes a search's finding; returns the MTU it replaces when the path's MTU changed from one known value to another.</summary>
    public int? SetPathMtu(PathMtu found)
    {
        int? before = PathMtu?.Bytes;
        PathMtu = found;
        _view = null;
        return before is { } known && found.Bytes is { } now && now != known ? known : null;
    }

    /// <summary>The certificate an https target presented last (url=https://…); null before the first.</summary>
    public TlsCertificate? Certificate { get; private set; }

    /// <summary>Takes the certificate of a new connection; returns the previous status when its time left changed it.</summary>
    public TargetStatus? SetCertificate(TlsCertificate certificate, DateTimeOffset now)
    {
        Certificate = certificate;
        _view = null;
        return Resettle(now);
    }

    /// <summary>The latest trace of the path to the host (taken when it failed, or every few minutes with trace=on).</summary>
    public PathTrace? Trace { get; private set; }

    /// <summary>The latest trace that reached the host: the path as it was when it worked.</summary>
    public PathTrace? KnownPath { get; private set; }

    /// <summary>Why the host is not traced from here (a relayed kind), once a trace was asked for.</summary>
    public string? TraceNote { get; private set; }

    /// <summary>The [[maintenance]] windows that apply to it, open or not.</summary>
    public IReadOnlyList<MaintenanceWindow> Windows
    {
        get;
        set
        {
            field = value;
            _view = null;
        }
    } = [];

    /// <summary>The maintenance window open now, if any: its trouble is expected.</summary>
    public MaintenanceWindow? Maintenance { get; private set; }

    /// <summary>Looks whether one of its windows is open at <paramref name="now"/>; true when that changed.</summary>
    public bool CheckMaintenance(DateTimeOffset now)
    {
        MaintenanceWindow? open = null;
        foreach (MaintenanceWindow window in Windows)
        {
            if (window.OpenAt(now))
            {
                open = window;
                break;
            }
        }

        if (open == Maintenance)
        {
            return false;
        }

        Maintenance = open;
        _view = null;
        return true;
    }

    /// <summary>An operator's acknowledgement of its problem, while in force.</summary>
    public Acknowledgement? Acknowledgement { get; private set; }

    public void Acknowledge(Acknowledgement? acknowledgement)
    {
        Acknowledgement = acknowledgement;
        _view = null;
    }

    /// <summary>The live trace's latest picture (<c>t</c> on the screen), while it runs.</summary>
    public PathTrace? LiveTrace { get; set; }

    // When its path changed, within the last hour; made at the first change (most hosts' paths never do).
    private List<DateTimeOffset>? _pathChanges;

    /// <summary>When its path was last asked to be traced while it answers (trace=on), as a monotonic timestamp.</summary>
    public long? PeriodicTraceAt { get; set; }

    /// <summary>
    /// Takes a trace (after each of its passes). Returns, for a final one, the path it replaces when both reached the
    /// host by different routers (<see cref="PathTraceComparison.Differ"/>).
    /// </summary>
    public PathTrace? SetTrace(PathTrace trace, DateTimeOffset now)
    {
        Trace = trace;
        TraceNote = null;
        _view = null;
        if (!trace.Reached || !trace.Final)
        {
            return null;
        }

        PathTrace? before = KnownPath;
        if (before is not null && !PathTraceComparison.Differ(before, trace))
        {
            KnownPath = trace;
            return null;
        }

        // A new path: what its trace heard besides is the change under way, not ECMP's alternatives to keep.
        KnownPath = before is null ? trace : trace with { Hops = [.. trace.Hops.Select(h => h with { Others = [] })] };
        if (before is null)
        {
            return null;
        }

        _pathChanges ??= [];
        _pathChanges.Add(now);
        _pathChanges.RemoveAll(t => now - t > TimeSpan.FromHours(1));
        return before;
    }

    public void SetTraceNote(string note)
    {
        TraceNote = note;
        _view = null;
    }

    /// <summary>The current picture, immutable, rebuilt only after a change so that snapshots of idle targets cost nothing.</summary>
    public TargetView View => _view ??= new(Id, Spec, Status, LastChange, Sent, Received, Rtt, Ttl, Address, Note, LastResult, History.Freeze())
    {
        Since = Since,
        Reason = Reason,
        Rules = Rules,
        TotalSent = TotalSent,
        TotalReceived = TotalReceived,
        TotalConfirmations = TotalConfirmations,
        PathMtu = PathMtu,
        Certificate = Certificate,
        Trace = Trace,
        KnownPathLength = KnownPath?.Hops.Count,
        TraceNote = TraceNote,
        PathChanges = _pathChanges?.Count ?? 0,
        Acknowledgement = Acknowledgement,
        Maintenance = Maintenance,
        Windowed = Windows.Count > 0,
    };

    /// <summary>Judges by these rules from the next result on; the window counts in rounds of the probe interval.</summary>
    public void SetRules(HealthRules rules, TimeSpan interval)
    {
        Rules = rules;
        _view = null;
        TimeSpan window = rules.Window ?? HealthRules.Defaults.Window!.Value;
        _windowRounds = (int)Math.Clamp(Math.Ceiling(window / interval), 1, History.Capacity);
    }

    /// <summary>A reload kept this target: same identity, but its group or line may have moved.</summary>
    public void UpdateSpec(TargetSpec spec)
    {
        Spec = spec;
        _view = null;
    }

    /// <summary>
    /// Forgets the statistics (counts, RTTs, history); those of rounds before <paramref name="firstRound"/>, still in
    /// flight, will be ignored. What happened is kept: a host down for an hour is still down, since then.
    /// </summary>
    public void Reset(long firstRound)
    {
        _firstRound = firstRound;
        _latestRound = -1;
        Sent = 0;
        Received = 0;
        Rtt = default;
        Ttl = null;
        History.Clear();
        Recent.Clear();
        _view = null;
    }

    public void SetAddress(IPAddress? address, string? note)
    {
        Address = address ?? Address;
        Note = note;
        _view = null;
    }

    // Loss, average RTT and jitter over the last rounds of the window that have a result, leaving out the rounds of
    // the last outage: its own losses must not make a host that answers again "degraded" (issue 30). Losses outside
    // it count: with down_after = 1 every loss is an outage of one round, and a host losing one in three is degraded
    // between them.
    private WindowFigures Window((long From, long To) outage)
    {
        int sent = 0;
        int received = 0;
        TimeSpan sum = TimeSpan.Zero;
        TimeSpan jitter = TimeSpan.Zero;
        TimeSpan? newer = null;
        int pairs = 0;
        long oldest = Math.Max(_firstRound, History.LatestRound - _windowRounds + 1);
        for (long round = History.LatestRound; round >= oldest; round--)
        {
            HistoryEntry entry = History[round];
            if (entry.Outcome is null || (round >= outage.From && round <= outage.To))
            {
                continue;
            }

            sent++;
            if (entry.Rtt is { } rtt)
            {
                received++;
                sum += rtt;
                if (newer is { } later)
                {
                    jitter += (later - rtt).Duration();
                    pairs++;
                }

                newer = rtt;
            }
        }

        return new WindowFigures(sent, received, received == 0 ? null : sum / received, pairs == 0 ? null : jitter / pairs);
    }

    /// <summary>Folds one result in; returns the previous status when this result changed it.</summary>
    public TargetStatus? Apply(long round, ProbeResult result, DateTimeOffset now)
    {
        if (round < _firstRound)
        {
            return null;
        }

        _view = null;
        Sent++;
        TotalSent++;
        TotalConfirmations += result.Confirmations;
        if (result.IsReply)
        {
            Received++;
            TotalReceived++;
            Rtt = Rtt.Add(result.Rtt ?? TimeSpan.Zero);
            Ttl = result.Ttl ?? Ttl;
        }

        History.Record(round, result);
        Recent.Add(now, result);
        // A late result for an older round updates the counts but must not overrule a newer round's verdict.
        if (round < _latestRound)
        {
            return null;
        }

        _latestRound = round;
        _endedRound = round;
        LastResult = result;
        return Judge(round, result.Answers, now);
    }

    /// <summary>
    /// What confirmation echoes said of a round still waiting for its own echo (<see cref="IProbeSink.Verdict"/>):
    /// the judge counts it now, as a failure or an answer, and again when the round ends only if that says otherwise
    /// (a late reply to a round judged silent). Returns the previous status when this changed it.
    /// </summary>
    public TargetStatus? Verdict(long round, bool answers, DateTimeOffset now)
    {
        if (round < _firstRound || round < _latestRound || round == _endedRound)
        {
            return null;
        }

        _view = null;
        _latestRound = round;
        return Judge(round, answers, now);
    }

    private TargetStatus? Judge(long round, bool answers, DateTimeOffset now)
    {
        // A round counts once for the run of failures or replies; counted again, it replaces what it counted before.
        if (round != _countedRound)
        {
            _beforeCounted = (_failures, _replies);
        }

        if (round != _countedRound || answers != _countedAnswers)
        {
            (int failures, int replies) = _beforeCounted;
            (_failures, _replies) = answers ? (0, replies + 1) : (failures + 1, 0);
        }

        (_countedRound, _countedAnswers) = (round, answers);
        // Coming back, the outage runs from its first failure to the round before this run of replies.
        (long, long) outage = Status == TargetStatus.Down && _downFrom >= 0 ? (_downFrom, round - _replies) : _outage;
        (TargetStatus judged, _pingReason) = HealthJudge.Judge(Status, _failures, _replies, Rules, () => Window(outage), _pingReason);
        TargetStatus? previous = Settle(judged, now);
        if (Status == TargetStatus.Down && previous is not null)
        {
            _downFrom = round - _failures + 1;
        }
        else if (previous == TargetStatus.Down)
        {
            _outage = outage;
        }

        return previous;
    }

    /// <summary>
    /// Why the host's gauges (gauges=) say it is degraded; null when they are within their limits. A host that answers
    /// is degraded while any is beyond; a host that does not is down whatever they say. Returns the previous status when
    /// this changed it.
    /// </summary>
    public TargetStatus? SetGaugeReason(string? reason, DateTimeOffset now)
    {
        if (reason == _gaugeReason)
        {
            return null;
        }

        _gaugeReason = reason;
        _view = null;
        return Resettle(now);
    }

    // The pings' own verdict stands; what else degrades a host that answers (a gauge, a certificate) changed.
    private TargetStatus? Resettle(DateTimeOffset now) =>
        Settle(Status == TargetStatus.Degraded && _pingReason is null ? TargetStatus.Up : Status, now);

    // A certificate that runs out within cert_warn (or has, when tls-verify=off lets it be used): "certificate expires in 3d02h".
    private string? CertificateReason(DateTimeOffset now)
    {
        if (Certificate is not { } certificate)
        {
            return null;
        }

        TimeSpan left = certificate.Left(now);
        return left <= TimeSpan.Zero ? $"certificate expired {Text.DurationText.Compact(-left)} ago"
            : left < (Rules.CertWarn ?? HealthRules.DefaultCertWarn) ? $"certificate expires in {Text.DurationText.Compact(left)}"
            : null;
    }

    // The status the pings earned, made degraded by a gauge beyond its limits or a certificate near its end while the host answers.
    private TargetStatus? Settle(TargetStatus judged, DateTimeOffset now)
    {
        TargetStatus previous = Status;
        string? certificateReason = CertificateReason(now);
        bool answering = judged is TargetStatus.Up or TargetStatus.Degraded;
        Status = answering && (_gaugeReason ?? certificateReason) is not null ? TargetStatus.Degraded : judged;
        // The gauge first: a crowded access point loses pings because it is crowded, and a narrow row keeps the start.
        Reason = Status != TargetStatus.Degraded ? null : string.Join(", ", new[] { _gaugeReason, certificateReason, _pingReason }.OfType<string>());
        if (Status == previous)
        {
            return null;
        }

        LastChange = now;
        return previous;
    }
}
