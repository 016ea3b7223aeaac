using System.Net;

namespace DeadMan.Core.Probing.Trace;

/// <summary>
/// What a trace found of the path to a host: the hops in order of distance, up to the host itself or the last one
/// that said anything (one silent hop after it says "nothing answered beyond"). Immutable, made by the tracer after
/// each pass: a failure's trace is final after its last pass, a live one (<see cref="Live"/>) after every pass.
/// </summary>
/// <param name="Destination">The address traced.</param>
/// <param name="At">When the first pass left.</param>
/// <param name="Reached">The host itself answered at the last hop.</param>
/// <param name="Passes">Passes made: each sends one echo to every hop at once.</param>
public sealed record PathTrace(IPAddress Destination, DateTimeOffset At, IReadOnlyList<TraceHop> Hops, bool Reached, int Passes)
{
    /// <summary>Runs until stopped, and this is the picture after its latest pass.</summary>
    public bool Live { get; init; }

    /// <summary>Its last pass is in: nothing will change it.</summary>
    public bool Final { get; init; }

    /// <summary>Where its echoes left from, when not this machine's default ("netns blue", "source 192.0.2.7").</summary>
    public string? From { get; init; }

    /// <summary>
    /// For a host whose trace was shared with others behind the same prefix (a storm of downs is traced once a
    /// prefix): the row actually traced; null when this host's own address was.
    /// </summary>
    public string? TracedFor { get; init; }

    /// <summary>The farthest hop other than the host that answered: where a broken path stops.</summary>
    public TraceHop? LastAnswer => Hops.LastOrDefault(h => h.Address is not null && !h.IsDestination);

    /// <summary>The hops' addresses in order (null for a silent one), to compare two traces of one path.</summary>
    public IReadOnlyList<IPAddress?> Route => [.. Hops.Select(h => h.Address)];

    /// <summary>"reached in 5 hops", or "stops after 10.0.2.1 (sw-dist-2), hop 3" (the 7 of a path known to be 7 long added by the caller).</summary>
    public string Summary(int? knownLength = null)
    {
        if (Reached)
        {
            return $"reached in {Hops.Count} hop{(Hops.Count == 1 ? "" : "s")}";
        }

        string of = knownLength is { } length && length > 0 ? $" of {length}" : "";
        return LastAnswer is { } last
            ? $"stops after {last.Label}, hop {last.Distance}{of}{(last.Note is { } note ? $": {note}" : "")}"
            : Hops.Count > 0 && Hops[0].Note is { } local ? $"stops here: {local}" : "no hop answered";
    }
}

/// <summary>
/// One hop of a trace: who answered at this distance (the most frequent address; others seen at the same distance,
/// ECMP's alternatives, in <see cref="Others"/>), how many echoes went and came back, and their round trips.
/// </summary>
/// <param name="Distance">TTL or hop limit: 1 is the first router.</param>
public sealed record TraceHop(int Distance, IPAddress? Address, int Sent, int Received, TimeSpan? Last, TimeSpan? Best, TimeSpan? Worst, TimeSpan? Average)
{
    /// <summary>Other addresses that answered at this distance (paths that ECMP spreads over).</summary>
    public IReadOnlyList<IPAddress> Others { get; init; } = [];

    /// <summary>Its name: a row's of the host list with this address, else reverse DNS's when it answered quickly.</summary>
    public string? Name { get; init; }

    /// <summary>What the hop said beyond "time exceeded": "network unreachable", "host unreachable" (a router with no way on).</summary>
    public string? Note { get; init; }

    /// <summary>The host itself answered here.</summary>
    public bool IsDestination { get; init; }

    /// <summary>Percent of echoes to this distance that nothing answered.</summary>
    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;

    /// <summary>"10.0.2.1 (sw-dist-2)", "10.0.2.1", or "*" for a hop that never answered.</summary>
    public string Label => Address is null ? "*" : Name is null ? Address.ToString() : $"{Address} ({Name})";
}

/// <summary>A hop as the JSON of the event log, alerts and the web's state feed write it (snake_case).</summary>
public sealed record HopRecord(int Hop, string? Address, string? Name, double LossPct, double? RttMs, string? Note)
{
    public static IReadOnlyList<HopRecord> Of(PathTrace trace) =>
        [.. trace.Hops.Select(h => new HopRecord(h.Distance, h.Address?.ToString(), h.Name, Math.Round(h.LossPercent, 1),
                                                  h.Average is { } rtt ? Math.Round(rtt.TotalMilliseconds, 3) : null, h.Note))];
}
