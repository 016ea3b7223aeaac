using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// The last <see cref="Capacity"/> results of one target with their times, kept only for a reader that asks
/// (<see cref="Monitor.DescribeAsync"/>). Stored as 16-byte entries, with the failure details beside them only once
/// a result has one, so ten thousand answering targets keep them in about 3.4 MB.
/// </summary>
internal sealed class RecentResults
{
    public const int Capacity = 20;

    private readonly Entry[] _entries = new Entry[Capacity];
    private string?[]? _details;
    private int _count;
    private int _next;

    public void Add(DateTimeOffset at, ProbeResult result)
    {
        _entries[_next] = new Entry(at.UtcTicks, (int)Math.Min(result.Rtt?.Ticks / 10 ?? -1, int.MaxValue), result.Outcome, result.Ttl ?? 0);
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
            TimeSpan? rtt = e.RttMicroseconds < 0 ? null : TimeSpan.FromTicks(e.RttMicroseconds * 10L);
            results[i] = new RecentResult(new DateTimeOffset(e.Ticks, TimeSpan.Zero), new ProbeResult(e.Outcome, rtt, e.Ttl == 0 ? null : e.Ttl, _details?[at]));
        }

        return results;
    }

    // 8 + 4 + 1 + 1 bytes, padded to 16.
    private readonly record struct Entry(long Ticks, int RttMicroseconds, ProbeOutcome Outcome, byte Ttl);
}
