using System.Net;

namespace DeadMan.Core.Settings;

/// <summary>Defaults for the command-line options; an option given on the command line wins.</summary>
public sealed record OptionDefaults(
    TimeSpan? Interval = null,
    TimeSpan? Timeout = null,
    TimeSpan? TrafficInterval = null,
    int? Scale = null,
    bool? Bell = null,
    bool? Title = null,
    bool? Mouse = null,
    bool? Stage = null,
    bool? Color = null,
    bool? Ascii = null,
    bool? BlinkArrow = null,
    bool? TraceNames = null,
    string? Logging = null,
    IPEndPoint? Metrics = null,
    string? SshConfig = null,
    string? StateDir = null,
    IPEndPoint? Web = null,
    string? Vantage = null)
{
    public static readonly OptionDefaults None = new();
}
