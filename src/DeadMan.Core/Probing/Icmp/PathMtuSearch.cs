using System.Net.Sockets;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// Finds a <c>pmtu=on</c> target's path MTU: echoes sent whole (on a socket that never fragments them), one at a
/// time, each size chosen by what the last one said: an answer raises the floor, silence or "too big" lowers the
/// ceiling, and a router's "too big" names the size to try next (which, answered, ends the search: larger echoes stop
/// at that router). The first try is Ethernet's 1500 bytes, the answer on most paths in one echo; the search looks
/// no higher than <see cref="Monitoring.PathMtu.MostSearched"/> (jumbo frames). It runs again every
/// <see cref="RecheckEvery"/>, and at the next round after one of the target's own echoes says the path changed: too
/// big for another MTU than the one found, or answered while larger than it (too big for the same one is as expected,
/// and costs nothing). Driven by the target's rounds and its echoes' results, all on the engine's loop, so it takes
/// no lock.
/// </summary>
internal sealed class PathMtuSearch
{
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(10);
    private const int FirstTry = 1500;

    private readonly IcmpEngine _engine;
    private readonly int _targetId;
    private readonly IcmpDestination _destination;
    private readonly IProbeSink _sink;
    private readonly int _headers;
    private readonly int _ownBytes;
    private readonly Answers _answers;
    private long? _nextAt;
    private bool _searching;
    private bool _again;
    private int _passed;
    private int _failed;
    private int _trying;
    private int? _named;
    private int? _found;
    private long _tries;
    private string? _silence;

    /// <param name="engine">One whose socket sends long echoes whole (<see cref="IcmpEngine.DontFragment"/>).</param>
    /// <param name="ownPayload">The payload of the target's own echoes (size=).</param>
    public PathMtuSearch(IcmpEngine engine, int targetId, IcmpDestination destination, IProbeSink sink, int ownPayload)
    {
        _engine = engine;
        _targetId = targetId;
        _destination = destination;
        _sink = sink;
        _headers = 8 + (destination.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 40 : 20);
        _ownBytes = ownPayload + _headers;
        _answers = new Answers(this);
    }

    // The smallest echo there is: ICMP and IP headers and our 16 bytes.
    private int Smallest => _headers + EchoSize.MinimumPayload;

    /// <summary>The target's round is going out: a search starts when one is due.</summary>
    public void RoundSent()
    {
        if (_searching || (_nextAt is { } at && _engine.Time.GetTimestamp() < at))
        {
            return;
        }

        _searching = true;
        _again = false;
        _passed = 0;
        _failed = Monitoring.PathMtu.MostSearched + 1;
        _silence = null;
        _named = null;
        Try(FirstTry);
    }

    /// <summary>Passes the target's own results on, and searches again after one that says the path changed.</summary>
    public IProbeSink Watching(IProbeSink sink) => new Watch(this, sink);

    private void Try(int bytes)
    {
        _trying = bytes;
        _engine.Send(new EchoWaiter(_targetId, _destination, _answers, bytes - _headers), ++_tries);
    }

    private void Ended(ProbeResult result)
    {
        switch (result.Outcome)
        {
            case ProbeOutcome.Reply when _trying == _named:
                // The size a router said it passes, and it does: larger ones stop at that router.
                Finish(_trying, null);
                return;
            case ProbeOutcome.Reply:
                _passed = Math.Max(_passed, _trying);
                break;
            case ProbeOutcome.TooBig:
                _failed = Math.Min(_failed, _trying);
                if (IcmpErrors.MtuOf(result) is { } said && said > _passed && said < _failed && said >= Smallest)
                {
                    _named = said;
                    Try(said);
                    return;
                }

                break;
            case ProbeOutcome.Timeout:
                _failed = Math.Min(_failed, _trying);
                _silence = result.Detail ?? Health.StateWords.NoReply;
                break;
            default:
                // Unreachable, TTL exceeded, an error: the path is broken, not narrow.
                Finish(null, result.Detail ?? "no answer");
                return;
        }

        if (_failed - _passed <= 1)
        {
            Finish(_passed, null);
        }
        else if (_failed <= Smallest)
        {
            Finish(null, _silence ?? "no echo answered");
        }
        else
        {
            Try(Math.Max((_passed + _failed) / 2, Smallest));
        }
    }

    private void Finish(int? bytes, string? unknownBecause)
    {
        _searching = false;
        _found = bytes;
        _nextAt = _again ? null : _engine.Time.GetTimestamp() + (long)(RecheckEvery.TotalSeconds * _engine.Time.TimestampFrequency);
        _sink.PathMtu(_targetId, bytes, unknownBecause);
    }

    // The target's own echo says the path changed when it was too big for another MTU than the one found, or
    // answered while larger than that (too big for the same one is as expected).
    private void Saw(ProbeResult result)
    {
        bool changed = result.Outcome switch
        {
            ProbeOutcome.TooBig => _found is not { } found || IcmpErrors.MtuOf(result) != found,
            ProbeOutcome.Reply => _found is { } found && _ownBytes > found,
            _ => false,
        };
        if (!changed)
        {
            return;
        }

        if (_searching)
        {
            _again = true;
        }
        else
        {
            _nextAt = null;
        }
    }

    /// <summary>Where the search's own echoes end.</summary>
    private sealed class Answers(PathMtuSearch search) : IProbeSink
    {
        public void Report(int targetId, long round, ProbeResult result) => search.Ended(result);
    }

    private sealed class Watch(PathMtuSearch search, IProbeSink sink) : IProbeSink
    {
        public void Report(int targetId, long round, ProbeResult result)
        {
            search.Saw(result);
            sink.Report(targetId, round, result);
        }

        public void Verdict(int targetId, long round, bool answers) => sink.Verdict(targetId, round, answers);

        public void PathMtu(int targetId, int? bytes, string? unknownBecause) => sink.PathMtu(targetId, bytes, unknownBecause);
    }
}
