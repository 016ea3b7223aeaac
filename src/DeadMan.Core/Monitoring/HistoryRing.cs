using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The latest results of one target, indexed by round so that late and out-of-order results land in their place.
/// One writer (the monitor loop); readers on other threads see whole entries, because each is one 32-bit word:
/// <code>
/// bits 31..4: RTT in microseconds (saturates at 268 s) | bits 3..0: ProbeOutcome, 0 = no result yet
/// </code>
/// </summary>
public sealed class HistoryRing
{
    private const int OutcomeBits = 4;
    private const uint OutcomeMask = (1u << OutcomeBits) - 1;
    private const uint MaxMicroseconds = uint.MaxValue >> OutcomeBits;

    private readonly uint[] _entries;
    private long _latest = -1;

    public HistoryRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _entries = new uint[capacity];
    }

    public int Capacity => _entries.Length;

    /// <summary>The newest round with a result, or -1.</summary>
    public long LatestRound => Volatile.Read(ref _latest);

    public void Record(long round, ProbeResult result)
    {
        long latest = _latest;
        if (round <= latest - Capacity)
        {
            return;
        }

        if (round > latest)
        {
            // Rounds skipped over are still in flight: blank them so they don't show what was there a lap ago.
            for (long r = Math.Max(latest + 1, round - Capacity + 1); r < round; r++)
            {
                Volatile.Write(ref _entries[Slot(r)], 0);
            }
        }

        Volatile.Write(ref _entries[Slot(round)], Encode(result));
        if (round > latest)
        {
            Volatile.Write(ref _latest, round);
        }
    }

    /// <summary>The entry for <paramref name="round"/>; empty when unknown or already overwritten.</summary>
    public HistoryEntry this[long round]
    {
        get
        {
            if (round < 0 || round > LatestRound || round <= LatestRound - Capacity)
            {
                return default;
            }

            uint word = Volatile.Read(ref _entries[Slot(round)]);
            var outcome = (ProbeOutcome)(word & OutcomeMask);
            return word == 0
                ? default
                : new HistoryEntry(outcome, outcome is ProbeOutcome.Reply or ProbeOutcome.Refused ? TimeSpan.FromMicroseconds(word >> OutcomeBits) : null);
        }
    }

    public void Clear()
    {
        Array.Clear(_entries);
        Volatile.Write(ref _latest, -1);
    }

    private int Slot(long round) => (int)(round % Capacity);

    private static uint Encode(ProbeResult result)
    {
        double micros = result.Rtt?.TotalMicroseconds ?? 0;
        uint rtt = micros >= MaxMicroseconds ? MaxMicroseconds : (uint)Math.Max(0, micros);
        return (rtt << OutcomeBits) | (uint)result.Outcome;
    }
}
