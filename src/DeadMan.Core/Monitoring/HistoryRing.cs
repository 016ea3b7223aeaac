using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The engine's working copy of one target's latest rounds, indexed by round so that late and out-of-order results
/// land in their place. Only the engine loop touches it. <see cref="Freeze"/> hands out an immutable
/// <see cref="RoundHistory"/> that shares the storage; whatever was handed out is copied before the next write into
/// it, so it never changes. Results land almost always in the chunk of the newest round (the head): only that chunk
/// is copied then; the table of the other chunks only when the head moves on or a late result lands behind it.
/// </summary>
internal sealed class HistoryRing
{
    private static readonly uint[] s_blank = new uint[RoundHistory.ChunkSize];

    private readonly int _capacity;
    private uint[][] _chunks;
    private bool[] _owned;
    private bool _tableShared;
    private int _headIndex;
    private uint[] _head = s_blank;
    private bool _headOwned;
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

    /// <summary>The entry for <paramref name="round"/> as it is now; empty when unknown or out of the window.</summary>
    public HistoryEntry this[long round]
    {
        get
        {
            if (round < 0 || round > _latest || round <= _latest - _capacity)
            {
                return default;
            }

            int slot = (int)(round % _capacity);
            int chunk = slot / RoundHistory.ChunkSize;
            return RoundHistory.Decode((chunk == _headIndex ? _head : _chunks[chunk])[slot % RoundHistory.ChunkSize]);
        }
    }

    public int Capacity => _capacity;

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
        (_headIndex, _head, _headOwned) = (0, s_blank, false);
        _latest = -1;
    }

    /// <summary>The rounds as they are now, immutable; costs nothing until the next write.</summary>
    public RoundHistory Freeze()
    {
        _tableShared = true;
        Array.Clear(_owned);
        _headOwned = false;
        return new RoundHistory(_capacity, _chunks, _headIndex, _head, _latest);
    }

    private void Write(long round, uint word)
    {
        int slot = (int)(round % _capacity);
        int chunk = slot / RoundHistory.ChunkSize;
        int at = slot % RoundHistory.ChunkSize;
        if (chunk != _headIndex && round == _latest)
        {
            MoveHead(chunk);
        }

        if (chunk == _headIndex)
        {
            if (_head[at] != word)
            {
                if (!_headOwned)
                {
                    _head = (uint[])_head.Clone();
                    _headOwned = true;
                }

                _head[at] = word;
            }

            return;
        }

        if (_chunks[chunk][at] == word)
        {
            return;
        }

        OwnTable();
        if (!_owned[chunk])
        {
            _chunks[chunk] = (uint[])_chunks[chunk].Clone();
            _owned[chunk] = true;
        }

        _chunks[chunk][at] = word;
    }

    // The newest round starts a new chunk: the old head goes back into the table, and the new one comes out of it.
    private void MoveHead(int chunk)
    {
        OwnTable();
        _chunks[_headIndex] = _head;
        _owned[_headIndex] = _headOwned;
        (_headIndex, _head, _headOwned) = (chunk, _chunks[chunk], _owned[chunk]);
    }

    private void OwnTable()
    {
        if (_tableShared)
        {
            _chunks = (uint[][])_chunks.Clone();
            _owned = new bool[_chunks.Length];
            _tableShared = false;
        }
    }
}
