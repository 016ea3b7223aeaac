using System.Text.RegularExpressions;

namespace DeadMan.Cli;

/// <summary>
/// <c>--from prometheus URL</c>: read the hosts back from the server every interval (-i), <see cref="RunOptions.Count"/>
/// times or until stopped; <paramref name="Run"/> holds the screen's and the web view's options (--web, --no-color,
/// --stage, …) as for a deadman that probes, and no host file.
/// </summary>
/// <param name="VantageMatch">--vantage-match: only vantages whose name matches.</param>
/// <param name="Login">deadman.toml's [prometheus]: how to log in to the server.</param>
internal sealed record RemoteOptions(Uri Server, Regex? VantageMatch, RunOptions Run, Core.Settings.PrometheusLogin Login);
