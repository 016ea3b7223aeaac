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
    private static readonly byte[] s_blank = new byte[RoundHistory.ChunkBytes];

    private readonly int _capacity;
    private byte[][] _chunks;
    private bool[] _owned;
    private bool _tableShared;
    private int _headIndex;
    private byte[] _head = s_blank;
    private bool _headOwned;
    private long _latest = -1;

    public HistoryRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        int chunks = (capacity + RoundHistory.ChunkRounds - 1) / RoundHistory.ChunkRounds;
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
            int chunk = slot / RoundHistory.ChunkRounds;
            return RoundHistory.Decode(RoundHistory.Read(chunk == _headIndex ? _head : _chunks[chunk], slot % RoundHistory.ChunkRounds));
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

    private void Write(long round, uint entry)
    {
        int slot = (int)(round % _capacity);
        int chunk = slot / RoundHistory.ChunkRounds;
        int at = slot % RoundHistory.ChunkRounds;
        if (chunk != _headIndex && round == _latest)
        {
            MoveHead(chunk);
        }

        if (chunk == _headIndex)
        {
            if (RoundHistory.Read(_head, at) != entry)
            {
                if (!_headOwned)
                {
                    _head = (byte[])_head.Clone();
                    _headOwned = true;
                }

                RoundHistory.Write(_head, at, entry);
            }

            return;
        }

        if (RoundHistory.Read(_chunks[chunk], at) == entry)
        {
            return;
        }

        OwnTable();
        if (!_owned[chunk])
        {
            _chunks[chunk] = (byte[])_chunks[chunk].Clone();
            _owned[chunk] = true;
        }

        RoundHistory.Write(_chunks[chunk], at, entry);
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
            _chunks = (byte[][])_chunks.Clone();
            _owned = new bool[_chunks.Length];
            _tableShared = false;
        }
    }
}
