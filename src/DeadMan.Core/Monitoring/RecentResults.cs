using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The last <see cref="Capacity"/> results of one target with their times, kept only for a reader that asks
/// (<see cref="MonitorSnapshot.Focused"/>). Each is 8 bytes: its time in milliseconds from a base, the outcome and RTT
/// as the round history encodes them (microseconds below 524 ms), and the TTL; failure details are kept beside them
/// only once a result has one. Ten thousand answering targets keep them in about 2 MB (16-byte entries held 3.4).
/// </summary>
internal sealed class RecentResults
{
    public const int Capacity = 20;

    private readonly Entry[] _entries = new Entry[Capacity];
    private string?[]? _details;
    private long _baseTicks;
    private int _count;
    private int _next;

    public void Add(DateTimeOffset at, ProbeResult result)
    {
        long offset = (at.UtcTicks - _baseTicks) / TimeSpan.TicksPerMillisecond;
        if (_count == 0 || offset is < int.MinValue or > int.MaxValue)
        {
            Rebase(at.UtcTicks);
            offset = 0;
        }

        _entries[_next] = new Entry((int)offset, RoundHistory.Encode(result) | ((uint)(result.Ttl ?? 0) << 24));
        if (result.Detail is not null || _details is not null)
        {
            (_details ??= new string?[Capacity])[_next] = result.Detail;
        }

        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    public void Clear() => (_count, _next) = (0, 0);

    /// <summary>Newest first.</summary>
    public RecentResult[] ToArray()
    {
        var results = new RecentResult[_count];
        for (int i = 0; i < _count; i++)
        {
            int at = (_next - 1 - i + Capacity) % Capacity;
            Entry e = _entries[at];
            HistoryEntry entry = RoundHistory.Decode(e.Result & 0xFF_FFFF);
            byte ttl = (byte)(e.Result >> 24);
            var time = new DateTimeOffset(_baseTicks + (e.Milliseconds * TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            results[i] = new RecentResult(time, new ProbeResult(entry.Outcome!.Value, entry.Rtt, ttl == 0 ? null : ttl, _details?[at]));
        }

        return results;
    }

    // Counts the times from a new base; results that would then be out of range (a result 24 days after the one
    // before it: a host paused that long) are dropped rather than shown at a wrong time.
    private void Rebase(long baseTicks)
    {
        long shift = (_baseTicks - baseTicks) / TimeSpan.TicksPerMillisecond;
        for (int i = 0; i < _count; i++)
        {
            int at = (_next - 1 - i + Capacity) % Capacity;
            long moved = _entries[at].Milliseconds + shift;
            if (moved is < int.MinValue or > int.MaxValue)
            {
                _count = i;
                break;
            }

            _entries[at] = _entries[at] with { Milliseconds = (int)moved };
        }

        _baseTicks = baseTicks;
    }

    /// <param name="Result">Bits 23..0: the round history's encoding of outcome and RTT; bits 31..24: the TTL.</param>
    private readonly record struct Entry(int Milliseconds, uint Result);
}
