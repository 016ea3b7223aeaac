namespace DeadMan.Core.Web;

/// <summary>
/// What a feed serves: everything, or the public document for attendees; the signage page's feed adds its title,
/// clock and uplink graph.
/// </summary>
/// <param name="TrafficInterval">How far apart the interfaces' recent rates are (the traffic poll interval).</param>
public sealed record StateView(bool Public, TimeSpan TrafficInterval)
{
    /// <summary>For the signage page: what it shows besides the hosts.</summary>
    public Settings.WebSettings? Signage { get; init; }
}
