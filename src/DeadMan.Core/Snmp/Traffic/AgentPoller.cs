using System.Globalization;
using DeadMan.Core.Config;
using DeadMan.Core.Snmp.Gauges;

namespace DeadMan.Core.Snmp.Traffic;

/// <summary>
/// Polls the SNMP agent of one host line: its interfaces' counters (traffic=) and its gauges (gauges=). Finds the
/// interfaces' ifIndex by walking ifName and ifDescr (or takes a number as the index), then asks for sysUpTime and the
/// counters of up to four interfaces per GET, and turns pairs of samples into rates; the gauges' objects come in GETs
/// of their own (<see cref="GaugeSampler"/>).
/// An index is looked up again when the interface at it changed or its counters restarted.
/// One polling task owns a poller; what it finds goes back as a <see cref="PollReport"/>, to the engine that keeps it.
/// </summary>
public sealed class AgentPoller
{
    private static readonly Oid s_sysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private static readonly Oid s_ifDescr = Oid.Parse("1.3.6.1.2.1.2.2.1.2");
    private static readonly Oid s_ifSpeed = Oid.Parse("1.3.6.1.2.1.2.2.1.5");
    private static readonly Oid s_ifOperStatus = Oid.Parse("1.3.6.1.2.1.2.2.1.8");
    private static readonly Oid s_ifInOctets = Oid.Parse("1.3.6.1.2.1.2.2.1.10");
    private static readonly Oid s_ifOutOctets = Oid.Parse("1.3.6.1.2.1.2.2.1.16");
    private static readonly Oid s_ifName = Oid.Parse("1.3.6.1.2.1.31.1.1.1.1");
    private static readonly Oid s_ifHCInOctets = Oid.Parse("1.3.6.1.2.1.31.1.1.1.6");
    private static readonly Oid s_ifHCOutOctets = Oid.Parse("1.3.6.1.2.1.31.1.1.1.10");
    private static readonly Oid s_ifHighSpeed = Oid.Parse("1.3.6.1.2.1.31.1.1.1.15");
    private static readonly Oid s_ifCounterDiscontinuityTime = Oid.Parse("1.3.6.1.2.1.31.1.1.1.19");
    private static readonly TimeSpan s_rewalkEvery = TimeSpan.FromMinutes(1);
    private static readonly Oid[] s_columns =
        [s_ifHCInOctets, s_ifHCOutOctets, s_ifInOctets, s_ifOutOctets, s_ifName, s_ifDescr, s_ifOperStatus, s_ifHighSpeed, s_ifSpeed, s_ifCounterDiscontinuityTime];

    // Four interfaces' columns keep an answer near 1,000 bytes: one unfragmented datagram (a lost fragment loses the
    // whole answer on a lossy event network), within the 1,500 bytes many switches answer by default (larger asks
    // get tooBig), and net-snmp simply drops answers that do not fit a datagram. Each request carries its own
    // sysUpTime, so every rate's Δt is the agent's own.
    private const int InterfacesPerRequest = 4;

    private readonly SnmpClient _client;
    private readonly string _host;
    private readonly TimeProvider _time;
    private readonly List<AgentChange> _changes = [];
    private SnmpAgent _agent;
    private TrafficSpec _spec;
    private Watched[] _interfaces;
    private readonly GaugeSampler _gauges;
    private volatile Retarget? _retarget;
    private string? _agentProblem;

    // What the row says of an agent that did not answer the last poll: no-response, or the USM refusal's state.
    private string _agentState = "no-response";
    private long _lastWalk;
    private bool? _answering;

    public AgentPoller(SnmpClient client, SnmpAgent agent, string host, TrafficSpec spec, IReadOnlyList<GaugeDefinition> gauges, TimeProvider time)
    {
        _gauges = new GaugeSampler(gauges);
        _client = client;
        _agent = agent;
        _host = host;
        _spec = spec;
        _time = time;
        _interfaces = spec.Interfaces.Select(name => new Watched(name)).ToArray();
    }

    /// <summary>
    /// From the next poll on, ask with these credentials for these interfaces and gauges (any thread). Interfaces the
    /// line still names keep their index and their last sample, so their next rate needs no new baseline.
    /// </summary>
    public void Watch(SnmpAgent agent, TrafficSpec spec, IReadOnlyList<GaugeDefinition> gauges) => _retarget = new Retarget(agent, spec, gauges);

    /// <summary>
    /// Polls once and reports every watched interface. <see cref="PollReport.Changes"/> says when the agent stopped or
    /// started answering (the first poll counts only when it fails) or restarted.
    /// </summary>
    public async Task<PollReport> PollAsync(CancellationToken cancellationToken)
    {
        _changes.Clear();
        if (Interlocked.Exchange(ref _retarget, null) is { } retarget)
        {
            Dictionary<string, Watched> kept = _interfaces.ToDictionary(w => w.Name);
            (_agent, _spec) = (retarget.Agent, retarget.Spec);
            _interfaces = [.. _spec.Interfaces.Select(name => kept.GetValueOrDefault(name) ?? new Watched(name))];
            _gauges.Watch(retarget.Gauges);
        }

        await PollOnceAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset polledAt = _time.GetUtcNow();
        return new PollReport([.. _interfaces.Select(w => Reading(w) with { PolledAt = polledAt })], [.. _changes])
        {
            Gauges = _gauges.Readings(_agentProblem, _agentState),
        };
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Walking the agent's interface names is the costly part (thousands of rows on a big switch): promptly when
            // something changed, and otherwise at most once a minute for names not found or ports that stay down.
            bool due = _interfaces.Any(i => i.Recheck)
                       || (_interfaces.Any(i => i.Index is null || i.OperStatus != "up") && _time.GetElapsedTime(_lastWalk) >= s_rewalkEvery);
            if (due)
            {
                await ResolveAsync(cancellationToken).ConfigureAwait(false);
            }

            Watched[] resolved = _interfaces.Where(i => i.Index is not null).ToArray();
            if (resolved.Length == 0 && _gauges.IsEmpty)
            {
                return;
            }

            string? problem = null;
            foreach (Watched[] group in resolved.Chunk(InterfacesPerRequest))
            {
                List<Oid> oids = [s_sysUpTime, .. group.SelectMany(i => s_columns.Select(c => i.Instance(c)))];
                SnmpPdu response = await _client.GetAsync(_agent, oids, cancellationToken).ConfigureAwait(false);
                Apply(response, group, _time.GetTimestamp());
                problem ??= response.ErrorStatus == 0 ? null : $"agent error-status {response.ErrorStatus} at varbind {response.ErrorIndex}";
            }

            await _gauges.PollAsync(_client, _agent, cancellationToken).ConfigureAwait(false);

            (_agentProblem, _agentState) = (problem, "no-response");
            Answered(null);
        }
        catch (SnmpTimeoutException e)
        {
            (_agentProblem, _agentState) = (e.Message, "no-response");
            Answered(e.Message);
        }
        catch (SnmpSecurityException e)
        {
            (_agentProblem, _agentState) = (e.Message, e.State);
            Answered(e.Message);
        }
#pragma warning disable CA1031 // A bug met in one poll (an answer nobody foresaw) must cost that poll, never the polling of the agent.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            (_agentProblem, _agentState) = ($"poll failed: {e.GetType().Name}: {e.Message}", "no-response");
        }
    }

    private void Answered(string? problem)
    {
        bool answering = problem is null;
        if (_answering != answering && (_answering is not null || !answering))
        {
            Raise(answering ? AgentChangeKind.Answering : AgentChangeKind.StoppedAnswering, problem);
        }

        _answering = answering;
    }

    private void Raise(AgentChangeKind kind, string? detail) =>
        _changes.Add(new AgentChange(_time.GetUtcNow(), _host, _agent.Endpoint.ToString(), kind, detail));

    private async Task ResolveAsync(CancellationToken cancellationToken)
    {
        Watched[] pending = _interfaces.Where(i => i.Index is null || i.Recheck || i.OperStatus != "up").ToArray();
        bool ByNumber(Watched w) => uint.TryParse(w.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        IReadOnlyList<VarBind> names = pending.All(ByNumber) ? []
            : await _client.WalkAsync(_agent, s_ifName, cancellationToken).ConfigureAwait(false);
        // ifDescr only for names that are not an ifName (agents without ifXTable, or a port named by description).
        IReadOnlyList<VarBind> descriptions = pending.All(w => ByNumber(w) || IndexOf(names, w.Name) is not null) ? []
            : await _client.WalkAsync(_agent, s_ifDescr, cancellationToken).ConfigureAwait(false);
        _lastWalk = _time.GetTimestamp();
        foreach (Watched watched in pending)
        {
            int? index = uint.TryParse(watched.Name, NumberStyles.None, CultureInfo.InvariantCulture, out uint number) ? (int)number
                : IndexOf(names, watched.Name) ?? IndexOf(descriptions, watched.Name);
            if (index != watched.Index)
            {
                watched.Index = index;
                watched.Previous = null;
            }

            watched.Recheck = false;
        }
    }

    // Agents keep a deleted interface's row for a while (net-snmp: interface_fadeout), so a recreated interface can
    // appear twice under its name: the newest, highest index is the live one.
    private static int? IndexOf(IReadOnlyList<VarBind> column, string name) =>
        column.Where(v => v.Value.Text == name).Select(v => (int?)(int)v.Oid.Arcs[^1]).Max();

    private void Apply(SnmpPdu response, Watched[] resolved, long wallTicks)
    {
        // An interface named twice on the line (by name and by number) is asked for twice, and answered twice.
        var values = new Dictionary<Oid, SnmpValue>();
        foreach (VarBind v in response.VarBinds)
        {
            values[v.Oid] = v.Value;
        }

        uint upTime = values.TryGetValue(s_sysUpTime, out SnmpValue up) ? (uint)up.Counter : 0;
        bool restarted = false;
        foreach (Watched watched in resolved)
        {
            restarted |= Fold(watched, values, upTime, wallTicks);
        }

        if (restarted)
        {
            Raise(AgentChangeKind.Restarted, "sysUpTime went back");
        }
    }

    // One interface's answer: its status, its speed and a new counter sample; true when the sample says the agent
    // restarted.
    private bool Fold(Watched watched, Dictionary<Oid, SnmpValue> values, uint upTime, long wallTicks)
    {
        SnmpValue Get(Oid column) => values.TryGetValue(watched.Instance(column), out SnmpValue v) ? v : default;
        SnmpValue hcIn = Get(s_ifHCInOctets);
        bool wide = hcIn.Tag == Ber.BerTag.Counter64;
        SnmpValue inOctets = wide ? hcIn : Get(s_ifInOctets);
        SnmpValue outOctets = wide ? Get(s_ifHCOutOctets) : Get(s_ifOutOctets);
        if (inOctets.IsException || inOctets.Tag == 0)
        {
            // The index is gone (the interface was deleted or renumbered): find it again next time.
            watched.Index = null;
            watched.Detail = "interface not found at its index; looking it up again";
            return false;
        }

        string name = Get(s_ifName) is { IsException: false, Tag: Ber.BerTag.OctetString } n ? n.Text : Get(s_ifDescr).Text;
        string before = watched.OperStatus;
        watched.OperStatus = OperStatus(Get(s_ifOperStatus).Number);
        // A port that went down may have been deleted and made again under another index: look at once.
        watched.Recheck |= before == "up" && watched.OperStatus != "up";
        watched.Speed = _spec.SpeedBitsPerSecond
            ?? (Get(s_ifHighSpeed) is { IsException: false, Counter: > 0 } high ? (long)high.Counter * 1_000_000 : (long)Get(s_ifSpeed).Counter);
        var sample = new CounterSample(upTime, inOctets.Counter, outOctets.Counter, wide, (uint)Get(s_ifCounterDiscontinuityTime).Counter, name);
        Rate(watched, sample, wallTicks);
        watched.Previous = sample;
        watched.PreviousAt = wallTicks;
        return watched.Settling;
    }

    // The rate since the interface's previous sample, or, just after the agent restarted, none: it serves counters it
    // read at start-up, on its own refresh clock (net-snmp: every 3 s), so the first interval after a restart would be
    // up to half an interval off; the next starts again from this sample.
    private void Rate(Watched watched, CounterSample sample, long wallTicks)
    {
        if (watched.Settling)
        {
            watched.Settling = false;
        }
        else if (watched.Previous is { } previous)
        {
            RateResult rate = RateCalculator.Between(previous, sample, _time.GetElapsedTime(watched.PreviousAt, wallTicks), watched.Speed);
            watched.Rate = rate;
            watched.Detail = rate.Dropped;
            if (rate.Gap is RateGap.InterfaceChanged or RateGap.CountersRestarted)
            {
                watched.Index = null;
            }

            watched.Settling = rate.Gap == RateGap.AgentRestarted;
        }
    }

    private InterfaceReading Reading(Watched w)
    {
        string state = _agentProblem is not null ? _agentState
            : w.Index is null ? "unknown-interface"
            : w.Rate is null ? "waiting"
            : w.Rate.Value.HasRate ? "ok" : "dropped";
        bool hasRate = state == "ok";
        double? utilisation = hasRate && w.Speed > 0 ? 100 * Math.Max(w.Rate!.Value.InBitsPerSecond, w.Rate.Value.OutBitsPerSecond) / w.Speed : null;
        return new InterfaceReading(w.Name, w.Index, state, hasRate ? w.Rate!.Value.InBitsPerSecond : null, hasRate ? w.Rate!.Value.OutBitsPerSecond : null,
                                    utilisation, w.OperStatus, w.Speed, _agentProblem ?? w.Detail)
        {
            InOctets = w.Previous?.InOctets,
            OutOctets = w.Previous?.OutOctets,
        };
    }

    private static string OperStatus(long value) => value switch
    {
        1 => "up",
        2 => "down",
        3 => "testing",
        5 => "dormant",
        6 => "notPresent",
        7 => "lowerLayerDown",
        _ => "unknown",
    };

    private sealed record Retarget(SnmpAgent Agent, TrafficSpec Spec, IReadOnlyList<GaugeDefinition> Gauges);

    private sealed class Watched(string name)
    {
        public string Name { get; } = name;

        private readonly Dictionary<Oid, Oid> _instances = [];
        private int? _index;

        public int? Index
        {
            get => _index;
            set
            {
                _index = value;
                _instances.Clear();
                // Lost (gone, changed, counters restarted): look the name up again at the next poll.
                Recheck |= value is null;
            }
        }

        /// <summary>The column's object at this interface's index, made once per index rather than on every poll.</summary>
        public Oid Instance(Oid column)
        {
            if (!_instances.TryGetValue(column, out Oid? instance))
            {
                instance = column.Append((uint)_index!.Value);
                _instances[column] = instance;
            }

            return instance;
        }

        /// <summary>Walk the names again before the next poll, to catch a renumbered interface.</summary>
        public bool Recheck { get; set; } = true;

        public CounterSample? Previous { get; set; }

        /// <summary>The agent restarted at the last poll: this poll's sample is only a new baseline.</summary>
        public bool Settling { get; set; }

        public long PreviousAt { get; set; }

        public RateResult? Rate { get; set; }

        public long Speed { get; set; }

        public string OperStatus { get; set; } = "unknown";

        public string? Detail { get; set; }
    }
}
