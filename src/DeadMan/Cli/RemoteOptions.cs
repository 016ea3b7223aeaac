using System.Text.RegularExpressions;

namespace DeadMan.Cli;

/// <summary><c>--from prometheus URL</c>: read the hosts back from the server <paramref name="Count"/> times, <paramref name="Interval"/> apart.</summary>
/// <param name="VantageMatch">--vantage-match: only vantages whose name matches.</param>
internal sealed record RemoteOptions(Uri Server, Regex? VantageMatch, TimeSpan Interval, int Count, bool Json)
{
    /// <summary>deadman.toml's [prometheus]: how to log in to the server.</summary>
    public Core.Settings.PrometheusLogin Login { get; init; } = Core.Settings.PrometheusLogin.None;
}
