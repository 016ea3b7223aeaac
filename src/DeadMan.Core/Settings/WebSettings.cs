namespace DeadMan.Core.Settings;

/// <summary>[web]: who may read the web view, and what it shows.</summary>
/// <param name="Public">For attendees: no addresses, probe kinds or failure details anywhere.</param>
/// <param name="Token">When set, the API asks for it (a bearer token, or <c>?token=</c>).</param>
public sealed record WebSettings(bool Public, Config.Secret? Token)
{
    public static readonly WebSettings None = new(false, null);

    /// <summary>When set, the operator's page and the API also let in this user (HTTP basic authentication).</summary>
    public BasicLogin? Login { get; init; }

    /// <summary>The event's name, at the top of the signage page.</summary>
    public string? Title { get; init; }

    /// <summary>Whether the signage page shows the time.</summary>
    public bool Clock { get; init; } = true;

    /// <summary>The interfaces (<c>[[traffic]] signage = true</c>) summed into the signage page's uplink graph.</summary>
    public IReadOnlyList<InterfaceName> Uplinks { get; init; } = [];
}
