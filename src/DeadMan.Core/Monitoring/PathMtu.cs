namespace DeadMan.Core.Monitoring;

/// <summary>
/// What a pmtu=on target's path carries whole: <paramref name="Bytes"/> of IP packet (at most 9000 are looked for),
/// or null with <paramref name="UnknownBecause"/> when the search found no size that passes ("no reply").
/// </summary>
/// <param name="At">When the search ended.</param>
public sealed record PathMtu(int? Bytes, string? UnknownBecause, DateTimeOffset At)
{
    /// <summary>The largest size a search tries (jumbo frames): a path that carries it may carry more.</summary>
    public const int MostSearched = 9000;
}

/// <summary>A target's path MTU changed from one known value to another: a tunnel came up, a link was swapped.</summary>
public sealed record PathMtuChange(TargetView Target, int From, int To, DateTimeOffset At);

/// <summary>
/// A trace of the path to a target came in: taken when it failed (<see cref="Trace"/> says where the path stops) or,
/// with trace=on, while it works; <see cref="Before"/> is the path it replaces when the route changed.
/// </summary>
public sealed record TraceEvent(TargetView Target, Probing.Trace.PathTrace Trace, Probing.Trace.PathTrace? Before, DateTimeOffset At)
{
    public bool PathChanged => Before is not null;
}
