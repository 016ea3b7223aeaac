namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// How long one host's echo replies take, reckoned as TCP's retransmission timer does (RFC 6298: a smoothed RTT and
/// its variation, gains 1/8 and 1/4), with a slowly decaying peak beside it: a host whose RTT jitters between 5 and
/// 205 ms has a smoothed RTT near 105 ms and must not be called overdue at its usual worst.
/// </summary>
internal sealed class RttEstimate
{
    /// <summary>
    /// Replies before the estimate alone says when a reply is overdue: from one sample, a host that jitters between
    /// 5 and 205 ms may look like a 5 ms host, and its next 200 ms reply like silence.
    /// </summary>
    public const int Known = 5;

    private int _samples;
    private long _smoothed = -1;
    private long _variation;
    private long _peak;

    public void Add(TimeSpan rtt)
    {
        long sample = Math.Max(rtt.Ticks, 0);
        if (_smoothed < 0)
        {
            (_smoothed, _variation) = (sample, sample / 2);
        }
        else
        {
            _variation = ((3 * _variation) + Math.Abs(_smoothed - sample)) / 4;
            _smoothed = ((7 * _smoothed) + sample) / 8;
        }

        _peak = Math.Max(sample, _peak - (_peak / 16));
        _samples = Math.Min(_samples + 1, Known);
    }

    /// <summary>Replies learnt, up to <see cref="Known"/>.</summary>
    public int Samples => _samples;

    /// <summary>
    /// When a reply not yet come is overdue: the larger of the smoothed RTT plus four variations and a quarter more
    /// than the recent peak, never sooner than <paramref name="floor"/>, nor, until the host has answered
    /// <see cref="Known"/> times, than <paramref name="untilKnown"/> (before it has answered at all: that).
    /// </summary>
    public TimeSpan OverdueAfter(TimeSpan floor, TimeSpan untilKnown) => _samples == 0 ? untilKnown
        : TimeSpan.FromTicks(Math.Max(_samples < Known ? untilKnown.Ticks : floor.Ticks, Math.Max(_smoothed + (4 * _variation), _peak + (_peak / 4))));
}
