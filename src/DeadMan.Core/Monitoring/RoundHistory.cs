using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The latest rounds of one target as a snapshot holds them: immutable, indexed by round. Each round is one 32-bit
/// word, kept in chunks that later pictures share with earlier ones until a result lands in them (see
/// <see cref="HistoryRing"/>). The chunk of the newest round is held apart from the table of the others, so a new
/// result copies that one chunk (88 bytes), not the table as well, and never the whole ring.
/// <code>
/// bits 31..4: RTT in microseconds (saturates at 268 s) | bits 3..0: ProbeOutcome, 0 = no result yet
/// </code>
/// </summary>
public sealed class RoundHistory
{
    internal const int ChunkSize = 16;
    private const int OutcomeBits = 4;
    private const uint OutcomeMask = (1u << OutcomeBits) - 1;
    private const uint MaxMicroseconds = uint.MaxValue >> OutcomeBits;

    private readonly uint[][] _chunks;
    private readonly int _headIndex;
    private readonly uint[] _head;

    internal RoundHistory(int capacity, uint[][] chunks, int headIndex, uint[] head, long latestRound)
    {
        Capacity = capacity;
        _chunks = chunks;
        _headIndex = headIndex;
        _head = head;
        LatestRound = latestRound;
    }

    public int Capacity { get; }

    /// <summary>The newest round with a result, or -1.</summary>
    public long LatestRound { get; }

    /// <summary>The entry for <paramref name="round"/>; empty when unknown or already out of the window.</summary>
    public HistoryEntry this[long round]
    {
        get
        {
            if (round < 0 || round > LatestRound || round <= LatestRound - Capacity)
            {
                return default;
            }

            int slot = (int)(round % Capacity);
            int chunk = slot / ChunkSize;
            return Decode((chunk == _headIndex ? _head : _chunks[chunk])[slot % ChunkSize]);
        }
    }

    /// <summary>A history made from results, for pictures that do not come from this engine (tests, remote vantage points).</summary>
    public static RoundHistory From(int capacity, IEnumerable<(long Round, ProbeResult Result)> results)
    {
        var ring = new HistoryRing(capacity);
        foreach (var (round, result) in results)
        {
            ring.Record(round, result);
        }

        return ring.Freeze();
    }

    internal static uint Encode(ProbeResult result)
    {
        double micros = result.Rtt?.TotalMicroseconds ?? 0;
        uint rtt = micros >= MaxMicroseconds ? MaxMicroseconds : (uint)Math.Max(0, micros);
        return (rtt << OutcomeBits) | (uint)result.Outcome;
    }

    internal static HistoryEntry Decode(uint word)
    {
        var outcome = (ProbeOutcome)(word & OutcomeMask);
        return word == 0
            ? default
            : new HistoryEntry(outcome, outcome is ProbeOutcome.Reply or ProbeOutcome.Refused ? TimeSpan.FromMicroseconds(word >> OutcomeBits) : null);
    }
}
