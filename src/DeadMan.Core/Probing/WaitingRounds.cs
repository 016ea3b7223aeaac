namespace DeadMan.Core.Probing;

/// <summary>
/// Rounds sent to a pinger that streams its own lines (the system ping, a relay's ping), oldest first, each answered
/// by the next line. More than <see cref="Limit"/> waiting means the pinger is not answering for them (stalled, dead
/// or silent): the oldest is given up. Not thread-safe: the probe that owns it locks around it.
/// </summary>
internal sealed class WaitingRounds
{
    public const int Limit = 3;
    private readonly Queue<long> _rounds = new();

    public int Count => _rounds.Count;

    /// <summary>Adds <paramref name="round"/>; returns the round given up on, if one is now too old.</summary>
    public long? Add(long round)
    {
        _rounds.Enqueue(round);
        return _rounds.Count > Limit ? _rounds.Dequeue() : null;
    }

    public bool TryTakeOldest(out long round) => _rounds.TryDequeue(out round);

    public long[] TakeAll()
    {
        long[] all = [.. _rounds];
        _rounds.Clear();
        return all;
    }
}
