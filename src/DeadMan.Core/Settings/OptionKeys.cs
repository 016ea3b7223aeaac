using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Text;

namespace DeadMan.Core.Settings;

/// <summary>
/// Every default for a command-line option that deadman.toml may set, once: this table gives the schema its top-level
/// keys, reads them from the file and writes them in <c>--check</c>'s text and JSON. A new one is a row here, its property in
/// <see cref="OptionDefaults"/> and its use where the command line is read.
/// </summary>
internal static class OptionKeys
{
    public static readonly IReadOnlyList<OptionKey> All =
    [
        new("interval", SettingKind.Duration, "-i: how often each host is probed", "\"1s\"", o => o.Interval, (o, v) => o with { Interval = (TimeSpan)v }),
        new("timeout", SettingKind.Duration, "-t: how long a reply is waited for", "\"1s\"", o => o.Timeout, (o, v) => o with { Timeout = (TimeSpan)v }),
        new("traffic_interval", SettingKind.Duration, "--traffic-interval: how often SNMP is polled", "\"10s\"", o => o.TrafficInterval, (o, v) => o with { TrafficInterval = (TimeSpan)v }),
        new("bell", SettingKind.Boolean, "--bell: ring when a host goes down", "false", o => o.Bell, (o, v) => o with { Bell = (bool)v }),
        new("title", SettingKind.Boolean, "false is --no-title", "true", o => o.Title, (o, v) => o with { Title = (bool)v }),
        new("mouse", SettingKind.Boolean, "false is --no-mouse", "true", o => o.Mouse, (o, v) => o with { Mouse = (bool)v }),
        new("stage", SettingKind.Boolean, "--stage: q asks before quitting", "false", o => o.Stage, (o, v) => o with { Stage = (bool)v }),
        new("color", SettingKind.Boolean, "false is --no-color", "true", o => o.Color, (o, v) => o with { Color = (bool)v }),
        new("ascii", SettingKind.Boolean, "--ascii", "false", o => o.Ascii, (o, v) => o with { Ascii = (bool)v }),
        new("blink_arrow", SettingKind.Boolean, "-b: blink the arrow", "false", o => o.BlinkArrow, (o, v) => o with { BlinkArrow = (bool)v }),
        new("trace_names", SettingKind.Boolean, "false is --no-hop-names: a trace's hops are not named by reverse DNS", "true", o => o.TraceNames, (o, v) => o with { TraceNames = (bool)v }),
        new("scale", SettingKind.Scale, "-s: RTT per sparkline step, ms", "10", o => o.Scale, (o, v) => o with { Scale = (int)v }),
        new("logging", SettingKind.Path, "-l: where per-host logs and the event log go", null, o => o.Logging, (o, v) => o with { Logging = (string)v }),
        new("metrics", SettingKind.Endpoint, "--metrics: where Prometheus metrics are served", null, o => o.Metrics, (o, v) => o with { Metrics = (IPEndPoint)v }),
        new("ssh_config", SettingKind.Path, "the ssh_config SSH relays read", null, o => o.SshConfig, (o, v) => o with { SshConfig = (string)v }),
        new("state_dir", SettingKind.Path, "--state-dir: where acknowledgements are kept across restarts", null, o => o.StateDir, (o, v) => o with { StateDir = (string)v }),
        new("vantage", SettingKind.Vantage, "--vantage: where this deadman stands", null, o => o.Vantage, (o, v) => o with { Vantage = (string)v }),
    ];

    /// <summary>
    /// The defaults the file sets, from what Tomlyn mapped its top-level keys to (the checker has made sure each is an
    /// option and holds a right value).
    /// </summary>
    public static OptionDefaults Read(IReadOnlyDictionary<string, object?>? file)
    {
        OptionDefaults options = OptionDefaults.None;
        foreach (OptionKey key in All)
        {
            if (file is not null && file.TryGetValue(key.Name, out object? raw) && raw is not null && Value(key.Kind, raw) is { } value)
            {
                options = key.With(options, value);
            }
        }

        return options;
    }

    // A checked value as the options hold it: a duration, a whole number, a flag, an endpoint, text.
    private static object? Value(SettingKind kind, object raw) => (kind, raw) switch
    {
        (SettingKind.Duration, string text) when DurationParser.TryParse(text, out TimeSpan span) => span,
        (SettingKind.Scale, long whole) => (int)whole,
        (SettingKind.Boolean, bool flag) => flag,
        (SettingKind.Endpoint, string text) when EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out IPEndPoint endpoint) => endpoint,
        (SettingKind.Path or SettingKind.Vantage, string text) => text,
        _ => null,
    };
}
