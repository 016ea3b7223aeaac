using System.Net;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Traces the path to a host with echoes of rising TTL (hop limit) on the engine's shared socket: the same source,
/// device and namespace as the host's own echoes, and the same identifier, so routers that spread flows over ECMP
/// links send every echo of the trace the way the host's rounds go (Linux hashes ICMP echoes by addresses and
/// identifier). A pass sends one echo to every distance at once (the first in widening steps towards
/// <see cref="MostHops"/>, later ones up to where the host answered or a router said it has no way on, else one past
/// the farthest hop that answered), and ends when each echo has its answer or timed out. The echoes are the tracer's own waiters: they never touch the host's figures. Driven by the
/// engine's pump, on its loop, so it takes no lock.
/// </summary>
internal sealed class PathTracer : ITraceRun
{
    public const int MostHops = 30;

    // The first step of the first pass: a router with no way on answers every echo beyond it with an error, and its
    // allowance of errors (Linux: a burst of five, then one a second, for all that it says to this machine) is
    // what the host's own rounds need to be told "network unreachable" rather than nothing. Sent 30 at once,
    // a trace spent it all; in steps it spends at most two.
    private const int FirstStep = 2;

    private readonly IcmpEngine _engine;
    private readonly int _targetId;
    private readonly IcmpDestination _destination;
    private readonly IProbeSink _sink;
    private readonly TraceRequest _request;
    private readonly string? _from;
    private readonly Answers _answers;
    private readonly HopFigures[] _hops = new HopFigures[MostHops];
    private DateTimeOffset _started;
    private long _nextPassAt;
    private int _passes;
    private int _inFlight;
    private int _sentFrom;
    private int _sentTo;
    private bool _stopped;
    private bool _settled;

    public PathTracer(IcmpEngine engine, int targetId, IcmpDestination destination, IProbeSink sink, TraceRequest request, string? from)
    {
        _engine = engine;
        _targetId = targetId;
        _destination = destination;
        _sink = sink;
        _request = request;
        _from = from;
        _answers = new Answers(this);
        for (int i = 0; i < MostHops; i++)
        {
            _hops[i] = new HopFigures();
        }
    }

    /// <summary>Over: its passes are made (or it was stopped) and their echoes ended; the engine lets it go.</summary>
    public bool Done => _inFlight == 0 && (_stopped || _settled || (!_request.Live && _passes >= _request.Passes));

    /// <summary>On the engine's pump: sends the next pass when the last has ended and its time has come.</summary>
    public void Tick(long now)
    {
        if (Done || _inFlight > 0 || now < _nextPassAt)
        {
            return;
        }

        if (_passes == 0)
        {
            _started = _engine.Time.GetUtcNow();
        }

        _passes++;
        _nextPassAt = now + (long)(_request.Spacing.TotalSeconds * _engine.Time.TimestampFrequency);
        // The first pass feels its way out in widening steps (2, then 6, 14, 30 hops), each once the last has ended
        // and only if a hop of it answered (a router that never says "time exceeded" is one silent hop, not the
        // end); later ones go as far as the first found.
        SendUpTo(_passes == 1 ? FirstStep : Reach(), from: 1);
    }

    private void SendUpTo(int farthest, int from)
    {
        _sentFrom = from;
        _sentTo = farthest;
        for (int distance = from; distance <= farthest; distance++)
        {
            _hops[distance - 1].Sent++;
            _inFlight++;
            _engine.Send(new EchoWaiter(_targetId, _destination, _answers) { HopLimit = (byte)distance }, distance);
        }
    }

    // How far a pass goes: to where the host answered or a router said it has no way on, else one past the farthest
    // hop that said anything, else all the way (the first pass, or a path silent so far). Echoes beyond a router
    // that has no way on would only spend its ICMP allowance (Linux: five errors, then one a second), which the
    // next pass needs.
    private int Reach()
    {
        int reached = Array.FindIndex(_hops, h => h.ReachedHost || h.Note is not null) + 1;
        if (reached > 0)
        {
            return reached;
        }

        int last = Array.FindLastIndex(_hops, h => h.Received > 0) + 1;
        return last > 0 ? Math.Min(last + 1, MostHops) : MostHops;
    }

    private void Ended(int distance, ProbeResult result)
    {
        HopFigures hop = _hops[distance - 1];
        switch (result.Outcome)
        {
            case ProbeOutcome.Reply:
                hop.Answered(_destination.Address, result.Rtt);
                hop.ReachedHost = true;
                break;
            case ProbeOutcome.TimeExceeded when result.From is { } router:
                hop.Answered(router, result.Rtt);
                break;
            case ProbeOutcome.Unreachable or ProbeOutcome.TooBig:
                // A router with no way on, or this machine itself (no route: no sender).
                if (result.From is { } from)
                {
                    hop.Answered(from, result.Rtt);
                }

                hop.Note = result.Detail is { } detail && detail.IndexOf(" from ", StringComparison.Ordinal) is var cut and > 0 ? detail[..cut] : result.Detail;
                break;
            default:
                break;
        }

        if (--_inFlight > 0)
        {
            return;
        }

        bool ended = Array.Exists(_hops, h => h.ReachedHost || h.Note is not null);
        bool stepAnswered = false;
        for (int step = _sentFrom; step <= _sentTo; step++)
        {
            stepAnswered |= _hops[step - 1].Received > 0;
        }

        if (_passes == 1 && !ended && stepAnswered && _sentTo < MostHops)
        {
            SendUpTo(Math.Min((2 * _sentTo) + 2, MostHops), from: _sentTo + 1);
            return;
        }

        // A router that said it has no way on will say so again: more passes would only spend its allowance.
        _settled = !_request.Live && ended && !_hops[Reach() - 1].ReachedHost;

        _sink.Traced(_targetId, Picture());
    }

    private PathTrace Picture()
    {
        var hops = new List<TraceHop>();
        for (int i = 0; i < MostHops && _hops[i].Sent > 0; i++)
        {
            HopFigures figures = _hops[i];
            TraceHop hop = figures.View(i + 1);
            // A router with no way on answers every echo beyond it as unreachable: said once, at its own distance.
            if (figures.Note is not null && hops.Count > 0 && hops[^1].Address is { } before && before.Equals(hop.Address))
            {
                hops[^1] = hops[^1] with { Note = figures.Note };
                break;
            }

            hops.Add(hop);
            if (hop.IsDestination || figures.Note is not null)
            {
                break;
            }
        }

        // Beyond the farthest hop that said anything, one silent hop says that nothing answered further on.
        int lastAnswered = hops.FindLastIndex(h => h.Address is not null || h.Note is not null);
        if (lastAnswered + 2 < hops.Count)
        {
            hops.RemoveRange(lastAnswered + 2, hops.Count - lastAnswered - 2);
        }

        return new PathTrace(_destination.Address, _started, hops.AsReadOnly(), hops.Count > 0 && hops[^1].IsDestination, _passes)
        {
            Live = _request.Live,
            Final = Done,
            From = _from,
        };
    }

    public void Dispose() => _stopped = true;

    /// <summary>Where the trace's echoes end; the round is the echo's distance.</summary>
    private sealed class Answers(PathTracer tracer) : IProbeSink
    {
        public void Report(int targetId, long round, ProbeResult result) => tracer.Ended((int)round, result);
    }

    /// <summary>One distance's figures over the passes, kept mutable on the loop and copied into each picture.</summary>
    private sealed class HopFigures
    {
        private readonly Dictionary<IPAddress, int> _seen = [];
        private TimeSpan _sum;
        private int _timed;
        private TimeSpan? _last;
        private TimeSpan? _best;
        private TimeSpan? _worst;

        public int Sent { get; set; }

        public int Received { get; private set; }

        public bool ReachedHost { get; set; }

        public string? Note { get; set; }

        public void Answered(IPAddress from, TimeSpan? rtt)
        {
            Received++;
            _seen[from] = _seen.GetValueOrDefault(from) + 1;
            if (rtt is { } time)
            {
                _last = time;
                _best = _best is { } b && b < time ? b : time;
                _worst = _worst is { } w && w > time ? w : time;
                _sum += time;
                _timed++;
            }
        }

        public TraceHop View(int distance)
        {
            IPAddress[] byCount = [.. _seen.OrderByDescending(s => s.Value).Select(s => s.Key)];
            return new TraceHop(distance, byCount.FirstOrDefault(), Sent, Received, _last, _best, _worst, _timed == 0 ? null : _sum / _timed)
            {
                Others = byCount.Length > 1 ? Array.AsReadOnly(byCount[1..]) : [],
                IsDestination = ReachedHost,
                Note = Note,
            };
        }
    }
}
