using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Settings;
using DeadMan.Core.State;
using DeadMan.Core.Text;

namespace DeadMan.Cli;

/// <summary>deadman's command line (DESIGN.md's stable surface), turned into <see cref="RunOptions"/>.</summary>
internal sealed class DeadmanCommand
{
    private static readonly TimeSpan s_minimumDuration = TimeSpan.FromMilliseconds(1);

    private readonly Argument<string?> _configFile = new("configfile") { Description = "deadman.conf: one host per line, name address [key=value ...]", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string[]> _from = new("--from")
    {
        Description = "Instead of probing, show the hosts of the deadman series in a Prometheus-compatible server: each with what every vantage (--vantage) says",
        HelpName = "prometheus> <url",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string?> _vantageMatch = new("--vantage-match") { Description = "With --from: only vantages whose name matches this regular expression", HelpName = "regex" };
    private readonly Option<int> _scale = new("--scale", "-s") { Description = "RTT per sparkline step in ms", HelpName = "ms", DefaultValueFactory = _ => Terminal.Model.ViewState.DefaultScaleMs };
    private readonly Option<bool> _blinkArrow = new("--blink-arrow", "-b") { Description = "Blink an arrow beside the hosts, as deadman does" };
    private readonly Option<bool> _bell = new("--bell") { Description = "Ring the terminal bell when a host goes down" };
    private readonly Option<bool> _noTitle = new("--no-title") { Description = "Leave the terminal's title alone (by default it shows how many hosts are down)" };
    private readonly Option<bool> _noMouse = new("--no-mouse") { Description = "Leave the mouse to the terminal (select and copy text); by default the wheel scrolls and a click opens a host" };
    private readonly Option<bool> _stage = new("--stage") { Description = "For an unattended screen: q asks before quitting" };
    private readonly Option<bool> _noTrace = new("--no-trace") { Description = "Do not trace the path to a host that fails (t still traces one live)" };
    private readonly Option<bool> _noHopNames = new("--no-hop-names") { Description = "Do not ask reverse DNS for the names of a trace's hops (rows of the host list still name them)" };
    private readonly Option<bool> _noColor = new("--no-color") { Description = "No colours, attributes only (also when NO_COLOR is set)" };
    private readonly Option<bool> _ascii = new("--ascii") { Description = "ASCII sparkline and rules (also with a non-UTF-8 locale)" };
    private readonly Option<string?> _logging = new("--logging", "-l") { Description = "Write deadman's per-host logs and an event log (JSON Lines) into this directory", HelpName = "dir" };
    private readonly Option<System.Net.IPEndPoint?> _metrics = EndpointOption("--metrics", "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (PORT alone: on 127.0.0.1)");
    private readonly Option<string?> _vantage = new("--vantage") { Description = "Where this deadman stands (noc, hall-b): a label on every metric series, a field of every event and alert", HelpName = "name" };
    private readonly Option<System.Net.IPEndPoint?> _web = EndpointOption("--web", "Serve the web view at http://ADDRESS:PORT/ (the table), /signage (the venue screen) and /api/state (PORT alone: on 127.0.0.1)");

    private readonly Option<bool> _asyncMode = new("--async-mode", "-a") { Description = "Accepted for compatibility with deadman; probing is always concurrent" };
    private static readonly TimeSpan s_defaultInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(1);

    private readonly Option<TimeSpan?> _interval = DurationOption("--interval", "-i", "Per-target probe interval, e.g. 200ms, 1s, 1.5s (default 1s)");
    private readonly Option<TimeSpan?> _timeout = DurationOption("--timeout", "-t", "Reply timeout, e.g. 500ms, 1s (default 1s)");
    private readonly Option<TimeSpan?> _trafficInterval = DurationOption("--traffic-interval", null, "SNMP traffic polling interval (default 10s)");
    private readonly Option<string?> _sshConfig = new("--ssh-config")
    {
        Description = "ssh_config file for ssh relays (ssh -F): ports, jump hosts, known hosts (default: your own)",
        HelpName = "file",
    };

    private readonly Option<string?> _stateDir = new("--state-dir")
    {
        Description = "Where acknowledgements are kept across restarts (default: $XDG_STATE_HOME/deadman, else ~/.local/state/deadman)",
        HelpName = "directory",
    };

    private readonly Option<string?> _settings = new("--settings")
    {
        Description = "deadman.toml with defaults for these options, health rules and alert routes (default: deadman.toml beside the host file, else ~/.config/deadman/deadman.toml)",
        HelpName = "file",
    };

    private readonly Option<string?> _failOn = new("--fail-on")
    {
        Description = "With --count: exit 1 when a host ends down (the default), or degraded or down",
        HelpName = "down|degraded",
    };

    private readonly Option<bool> _check = new("--check") { Description = "Parse and validate the file, print the targets and exit; nothing is sent" };
    private readonly Option<int?> _count = new("--count") { Description = "Headless: probe every target <n> times, print a report and exit", HelpName = "n" };
    private readonly Option<bool> _json = new("--json") { Description = "With --check or --count: print JSON on stdout" };

    public DeadmanCommand()
    {
        // A plain Command rather than RootCommand, which names itself after the process ("testhost" under xunit).
        Root = new Command("deadman", "deadman: watch many hosts at once with ping; a C# clone of upa/deadman")
        {
            _configFile, _settings, _scale, _asyncMode, _blinkArrow, _logging, _interval, _timeout, _trafficInterval, _check, _count, _json, _failOn, _metrics, _web, _vantage, _from, _vantageMatch, _sshConfig, _stateDir, _bell, _noTitle, _noMouse, _stage, _noTrace, _noHopNames, _noColor, _ascii,
            new HelpOption(), new VersionOption(),
        };
        AddValueChecks();
        Root.Validators.Add(CheckCombination);
    }

    public Command Root { get; }

    // Each value on its own; a value that does not convert is a parse error already.
    private void AddValueChecks()
    {
        _scale.Validators.Add(result =>
        {
            if (Converted(result, _scale, out int scale) && scale is < 1 or > 10_000)
            {
                result.AddError("--scale must be from 1 to 10000 ms");
            }
        });
        _failOn.AcceptOnlyFromAmong("down", "degraded");
        _vantage.Validators.Add(result =>
        {
            if (result.GetValue(_vantage) is { } vantage && !VantageName.IsValid(vantage))
            {
                result.AddError($"--vantage: {VantageName.Rule}");
            }
        });
        _count.Validators.Add(result =>
        {
            if (Converted(result, _count, out int? count) && count is < 1)
            {
                result.AddError("--count must be at least 1");
            }
        });
    }

    // Which options go together. Whether an option was given, and --from's words, come from the tokens: a value that
    // does not convert (or a missing one) is a parse error of its own, and reading it here would throw.
    private void CheckCombination(CommandResult result)
    {
        bool counted = result.GetResult(_count) is not null;
        string[]? from = result.GetResult(_from) is { } fromResult ? [.. fromResult.Tokens.Select(t => t.Value)] : null;
        CheckSource(result, from);
        if (result.GetValue(_check) && counted)
        {
            result.AddError("--check and --count cannot be used together");
        }

        if (result.GetValue(_json) && !result.GetValue(_check) && !counted)
        {
            result.AddError("--json needs --check or --count");
        }

        if (result.GetValue(_failOn) is not null && !counted)
        {
            result.AddError("--fail-on needs --count");
        }
    }

    // A host file, or --from prometheus URL and nothing that only a probing deadman does.
    private void CheckSource(CommandResult result, string[]? from)
    {
        if (from is null && result.GetValue(_configFile) is null)
        {
            result.AddError("a host file is needed (or --from prometheus URL)");
        }

        bool fromServer = from is ["prometheus", { } address] && Uri.TryCreate(address, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https";
        if (from is not null && !fromServer)
        {
            result.AddError("--from takes prometheus and the server's http:// or https:// URL: --from prometheus http://127.0.0.1:9090");
        }

        if (from is not null && result.GetValue(_configFile) is not null)
        {
            result.AddError("--from prometheus shows the hosts the server holds: give no host file with it");
        }

        // The viewer probes nothing: what only a probing deadman does has no meaning there.
        foreach (Option option in new Option[] { _check, _metrics, _vantage, _logging, _sshConfig, _stateDir, _failOn })
        {
            if (from is not null && result.GetResult(option) is { Implicit: false })
            {
                result.AddError($"{option.Name} does not go with --from prometheus: the viewer probes nothing");
            }
        }

        if (result.GetValue(_vantageMatch) is { } pattern && !IsRegex(pattern))
        {
            result.AddError($"--vantage-match: '{pattern}' is not a regular expression");
        }

        if (result.GetValue(_vantageMatch) is not null && from is null)
        {
            result.AddError("--vantage-match needs --from prometheus URL");
        }
    }

    /// <summary>The host file and --settings as given, before the settings are read.</summary>
    public (string? ConfigFile, string? Settings) Files(ParseResult parse) => (parse.GetValue(_configFile), parse.GetValue(_settings));

    /// <summary>With --from prometheus URL: what to read, and how to show it; null otherwise.</summary>
    public RemoteOptions? Remote(ParseResult parse, DeadmanSettings settings) => parse.GetValue(_from) is [_, { } url]
        ? new RemoteOptions(new Uri(url), parse.GetValue(_vantageMatch) is { } pattern ? Pattern(pattern) : null, ToOptions(parse, settings), settings.Prometheus)
        : null;

    // An option's value, unless it did not convert: that is a parse error of its own already, said once.
    private static bool Converted<T>(SymbolResult result, Option<T> option, out T? value)
    {
        try
        {
            value = result.GetValue(option);
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    // A vantage name is short: a second is far more than any sane pattern needs, and bounds a pathological one.
    private static System.Text.RegularExpressions.Regex Pattern(string pattern) => new(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = Pattern(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The options: the command line first, then deadman.toml's defaults, then the built-in ones.</summary>
    public RunOptions ToOptions(ParseResult parse, DeadmanSettings settings)
    {
        OptionDefaults file = settings.Options;
        bool Flag(Option<bool> option, bool? fromFile) => parse.GetValue(option) || (fromFile ?? false);
        return new RunOptions(
            // With --from there is no host file: the viewer takes only the screen's and the web's options from here.
            parse.GetValue(_configFile) ?? "",
            new ProbeTiming(parse.GetValue(_interval) ?? file.Interval ?? s_defaultInterval, parse.GetValue(_timeout) ?? file.Timeout ?? s_defaultTimeout),
            parse.GetValue(_check),
            parse.GetValue(_count),
            parse.GetValue(_json))
        {
            Settings = settings,
            ScaleMs = parse.GetResult(_scale) is { Implicit: false } ? parse.GetValue(_scale) : file.Scale ?? Terminal.Model.ViewState.DefaultScaleMs,
            BlinkArrow = Flag(_blinkArrow, file.BlinkArrow),
            Bell = Flag(_bell, file.Bell),
            NoTitle = parse.GetValue(_noTitle) || file.Title == false,
            NoMouse = parse.GetValue(_noMouse) || file.Mouse == false,
            Stage = Flag(_stage, file.Stage),
            NoColor = parse.GetValue(_noColor) || file.Color == false,
            NoTrace = parse.GetValue(_noTrace),
            NoHopNames = parse.GetValue(_noHopNames) || file.TraceNames == false,
            Ascii = Flag(_ascii, file.Ascii),
            LogDirectory = parse.GetValue(_logging) ?? file.Logging,
            TrafficInterval = parse.GetValue(_trafficInterval) ?? file.TrafficInterval ?? MonitorOptions.DefaultTrafficInterval,
            Metrics = parse.GetValue(_metrics) ?? file.Metrics,
            Web = parse.GetValue(_web) ?? file.Web,
            Vantage = parse.GetValue(_vantage) ?? file.Vantage,
            SshConfig = parse.GetValue(_sshConfig) ?? file.SshConfig,
            StateDirectory = parse.GetValue(_stateDir) ?? file.StateDir ?? AcknowledgementFile.DefaultDirectory(Environment.GetEnvironmentVariable),
            FailOnDegraded = parse.GetValue(_failOn) == "degraded",
        };
    }

    private static Option<System.Net.IPEndPoint?> EndpointOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "[address:]port",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Core.Config.EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out System.Net.IPEndPoint endpoint))
            {
                return endpoint;
            }

            result.AddError($"{name}: '{text}' is not PORT, ADDRESS:PORT or [IPv6]:PORT");
            return null;
        },
    };

    private static Option<TimeSpan?> DurationOption(string name, string? alias, string description) => new(name, alias is null ? [] : [alias])
    {
        Description = description,
        HelpName = "time",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DurationParser.TryParse(text, out TimeSpan value) && value >= s_minimumDuration)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a duration of 1ms or more (examples: 200ms, 1s, 1.5s)");
            return null;
        },
    };
}
