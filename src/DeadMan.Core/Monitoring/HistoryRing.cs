using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The engine's working copy of one target's latest rounds, indexed by round so that late and out-of-order results
/// land in their place. Only the engine loop touches it. <see cref="Freeze"/> hands out an immutable
/// <see cref="RoundHistory"/> that shares the chunks; a chunk (and the table of chunks) is copied before the next
/// write into it, so what was handed out never changes.
/// </summary>
internal sealed class HistoryRing
{
    private static readonly uint[] s_blank = new uint[RoundHistory.ChunkSize];

    private readonly int _capacity;
    private uint[][] _chunks;
    private bool[] _owned;
    private bool _tableShared;
    private long _latest = -1;

    public HistoryRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        int chunks = (capacity + RoundHistory.ChunkSize - 1) / RoundHistory.ChunkSize;
        _chunks = Enumerable.Repeat(s_blank, chunks).ToArray();
        _owned = new bool[chunks];
    }

    /// <summary>The newest round with a result, or -1.</summary>
    public long LatestRound => _latest;

    public void Record(long round, ProbeResult result)
    {
        if (round <= _latest - _capacity)
        {
            return;
        }

        if (round > _latest)
        {
            // Rounds skipped over are still in flight: blank them so they don't show what was there a lap ago.
            for (long r = Math.Max(_latest + 1, round - _capacity + 1); r < round; r++)
            {
                Write(r, 0);
            }

            _latest = round;
        }

        Write(round, RoundHistory.Encode(result));
    }

    public void Clear()
    {
        _chunks = Enumerable.Repeat(s_blank, _chunks.Length).ToArray();
        _owned = new bool[_chunks.Length];
        _tableShared = false;
        _latest = -1;
    }

    /// <summary>The rounds as they are now, immutable; costs nothing until the next write.</summary>
    public RoundHistory Freeze()
    {
        _tableShared = true;
        Array.Clear(_owned);
        return new RoundHistory(_capacity, _chunks, _latest);
    }

    private void Write(long round, uint word)
    {
        int slot = (int)(round % _capacity);
        int chunk = slot / RoundHistory.ChunkSize;
        if (_chunks[chunk][slot % RoundHistory.ChunkSize] == word)
        {
            return;
        }

        if (_tableShared)
        {
            _chunks = (uint[][])_chunks.Clone();
            _tableShared = false;
        }

        if (!_owned[chunk])
        {
            _chunks[chunk] = (uint[])_chunks[chunk].Clone();
            _owned[chunk] = true;
        }

        _chunks[chunk][slot % RoundHistory.ChunkSize] = word;
    }
}
