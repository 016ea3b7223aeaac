using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The latest rounds of one target as a snapshot holds them: immutable, indexed by round. Each round is one 3-byte
/// entry, kept in chunks of <see cref="ChunkRounds"/> that later pictures share with earlier ones until a result lands
/// in them (see <see cref="HistoryRing"/>). The chunk of the newest round is held apart from the table of the others,
/// so a new result copies that one chunk (216 bytes), not the table as well, and never the whole ring. Three bytes
/// and 64-round chunks keep a full 512-round history in under 2 KB: at 10,000 targets, 4-byte entries in 16-round
/// chunks (each with its object header, and two tables of 32 references) held 34 MB.
/// <code>
/// bits 23..5: RTT, in microseconds below 524 ms, else in milliseconds (saturates at 524 s)
/// bit 4: the RTT is in milliseconds | bits 3..0: ProbeOutcome, 0 = no result yet
/// </code>
/// </summary>
public sealed class RoundHistory
{
    internal const int ChunkRounds = 64;
    internal const int EntryBytes = 3;
    internal const int ChunkBytes = ChunkRounds * EntryBytes;
    private const int OutcomeBits = 4;
    private const uint OutcomeMask = (1u << OutcomeBits) - 1;
    private const uint Milliseconds = 1u << OutcomeBits;
    private const int ValueShift = OutcomeBits + 1;
    private const uint MaxValue = (1u << ((EntryBytes * 8) - ValueShift)) - 1;

    private readonly byte[][] _chunks;
    private readonly int _headIndex;
    private readonly byte[] _head;

    internal RoundHistory(int capacity, byte[][] chunks, int headIndex, byte[] head, long latestRound)
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
            int chunk = slot / ChunkRounds;
            return Decode(Read(chunk == _headIndex ? _head : _chunks[chunk], slot % ChunkRounds));
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
        double micros = Math.Max(0, result.Rtt?.TotalMicroseconds ?? 0);
        uint rtt = micros <= MaxValue
            ? (uint)micros << ValueShift
            : ((uint)Math.Min(MaxValue, micros / 1000) << ValueShift) | Milliseconds;
        return rtt | (uint)result.Outcome;
    }

    internal static HistoryEntry Decode(uint entry)
    {
        var outcome = (ProbeOutcome)(entry & OutcomeMask);
        uint value = entry >> ValueShift;
        return entry == 0
            ? default
            : new HistoryEntry(outcome, outcome is ProbeOutcome.Reply or ProbeOutcome.Refused
                ? TimeSpan.FromMicroseconds((entry & Milliseconds) == 0 ? value : value * 1000L)
                : null);
    }

    internal static uint Read(byte[] chunk, int at)
    {
        int i = at * EntryBytes;
        return chunk[i] | ((uint)chunk[i + 1] << 8) | ((uint)chunk[i + 2] << 16);
    }

    internal static void Write(byte[] chunk, int at, uint entry)
    {
        int i = at * EntryBytes;
        (chunk[i], chunk[i + 1], chunk[i + 2]) = ((byte)entry, (byte)(entry >> 8), (byte)(entry >> 16));
    }
}
