using System.Net;

namespace DeadMan.Core.Probing.Relay;

/// <summary>
/// A target pinged by a relay. The remote ping keeps its own cadence, like ours; each line answers the oldest round
/// still waiting, and a gap in icmp_seq (a BSD ping prints nothing for a lost packet) answers the rounds in it with
/// losses. A relay that says nothing for several rounds is a relay timeout (<c>t</c>), not a loss of the target; a
/// relay that is down is a relay failure (<c>s</c>).
/// </summary>
internal sealed class SshRelayProbe : IProbe
{
    private readonly int _targetId;
    private readonly IProbeSink _sink;
    private readonly SshRelaySession _session;
    private readonly WaitingRounds _waiting = new();
    private readonly Lock _lock = new();
    private long? _lastSequence;

    public SshRelayProbe(int targetId, IPAddress address, SshRelaySession session, IProbeSink sink)
    {
        _targetId = targetId;
        Address = address;
        _session = session;
        _sink = sink;
        session.Add(this);
    }

    public IPAddress Address { get; }

    public void Send(long round)
    {
        if (_session.Failure is { } failure)
        {
            _sink.Report(_targetId, round, ProbeResult.Failed(ProbeOutcome.RelayFailed, failure));
            return;
        }

        long? silent = null;
        lock (_lock)
        {
            silent = _waiting.Add(round);
        }

        if (silent is { } r)
        {
            _sink.Report(_targetId, r, ProbeResult.Failed(ProbeOutcome.RelayTimeout, "relay said nothing about this target in time"));
        }
    }

    /// <summary>A line of the remote ping for this target.</summary>
    public void Answer(ProbeResult result, long? sequence)
    {
        var answers = new List<(long Round, ProbeResult Result)>();
        lock (_lock)
        {
            if (sequence is { } seq && _lastSequence is { } last && seq > last + 1)
            {
                for (long missing = last + 1; missing < seq && _waiting.Count > 1 && _waiting.TryTakeOldest(out long lost); missing++)
                {
                    answers.Add((lost, ProbeResult.Timeout()));
                }
            }

            if (sequence is not null)
            {
                _lastSequence = sequence;
            }

            if (_waiting.TryTakeOldest(out long round))
            {
                answers.Add((round, result));
            }
        }

        answers.ForEach(a => _sink.Report(_targetId, a.Round, a.Result));
    }

    /// <summary>The session ended: every waiting round failed with it.</summary>
    public void RelayLost(string failure)
    {
        long[] rounds;
        lock (_lock)
        {
            rounds = _waiting.TakeAll();
            _lastSequence = null;
        }

        foreach (long round in rounds)
        {
            _sink.Report(_targetId, round, ProbeResult.Failed(ProbeOutcome.RelayFailed, failure));
        }
    }

    public void Pause(bool paused)
    {
        lock (_lock)
        {
            _ = _waiting.TakeAll();
            _lastSequence = null;
        }

        _session.Pause(paused);
    }

    public void Dispose() => _session.Remove(this);
}
