using System.Net;
using DeadMan.Core.Health;

namespace DeadMan.Core.Settings;

/// <summary>deadman.toml, read and checked: what does not belong on a host line.</summary>
/// <param name="File">Where it was read from; null when there is none.</param>
public sealed record DeadmanSettings(string? File, OptionDefaults Options, HealthSettings Health, AlertSettings Alert)
{
    public static readonly DeadmanSettings None = new(null, OptionDefaults.None, HealthSettings.Default, AlertSettings.None);

    public WebSettings Web { get; init; } = WebSettings.None;

    /// <summary>What works but should not be so (a user authenticating with MD5), said at start and by --check.</summary>
    public IReadOnlyList<string> Warnings => [.. Snmp.Values.Where(c => c.User?.Auth == global::DeadMan.Core.Snmp.Usm.AuthProtocol.Md5)
        .Select(c => $"[snmp.credentials.{c.Name}] authenticates with HMAC-MD5, which agents still accept but MD5 is broken as a hash: use sha256 where the gear has it")];

    /// <summary>[snmp.credentials.NAME], by name: what a host line's snmp=NAME asks agents with.</summary>
    public IReadOnlyDictionary<string, SnmpCredentials> Snmp { get; init; } = new Dictionary<string, SnmpCredentials>();

    /// <summary>[prometheus]: how --from prometheus logs in to the server.</summary>
    public PrometheusLogin Prometheus { get; init; } = PrometheusLogin.None;

    /// <summary>[snmp.gauge.NAME], by name: what a host line's gauges= reads.</summary>
    public IReadOnlyDictionary<string, global::DeadMan.Core.Snmp.Gauges.GaugeDefinition> Gauges { get; init; } = new Dictionary<string, global::DeadMan.Core.Snmp.Gauges.GaugeDefinition>();
}

/// <summary>One [snmp.credentials.NAME]: a v2c community, or a v3 user (<see cref="User"/> set).</summary>
public sealed record SnmpCredentials(string Name, Config.Secret? Community, Snmp.Usm.UsmUser? User)
{
    /// <summary>"v2c", or the v3 user and its level, with no secret: for --check and logs.</summary>
    public string Describe() => User is { } user ? $"v3 {user}" : "v2c";
}

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

/// <summary>[prometheus]: basic authentication (<paramref name="User"/> and <paramref name="Password"/>) or a bearer token, or neither.</summary>
public sealed record PrometheusLogin(string? User, Config.Secret? Password, Config.Secret? Token)
{
    public static readonly PrometheusLogin None = new(null, null, null);

    /// <summary>The Authorization header's value; null to send none.</summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue? Header() =>
        Token is { } token ? new("Bearer", token.Reveal())
        : User is { } user && Password is { } password ? new("Basic", System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password.Reveal()}")))
        : null;
}

/// <summary>A user and password for HTTP basic authentication.</summary>
public sealed record BasicLogin(string User, Config.Secret Password);

/// <summary>One traffic= interface: the host line's name and the interface as the line names it.</summary>
public sealed record InterfaceName(string Host, string Interface)
{
    public override string ToString() => $"{Host}:{Interface}";
}

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
    string? Logging = null,
    IPEndPoint? Metrics = null,
    string? SshConfig = null,
    IPEndPoint? Web = null,
    string? Vantage = null)
{
    public static readonly OptionDefaults None = new();
}

/// <summary>[alert]: where notifications of state changes go, and how they are grouped.</summary>
/// <param name="GroupWait">Changes within this time go out as one notification.</param>
/// <param name="Repeat">How often an active alert is sent to Alertmanager again.</param>
/// <param name="BellDegraded">Ring the bell (with --bell) for degraded hosts too, not only for down ones.</param>
public sealed record AlertSettings(TimeSpan GroupWait, TimeSpan Repeat, bool BellDegraded, Uri? Alertmanager,
                                   IReadOnlyList<WebhookRoute> Webhooks, IReadOnlyList<ExecRoute> Commands)
{
    public static readonly TimeSpan DefaultGroupWait = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultRepeat = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultExecTimeout = TimeSpan.FromSeconds(10);

    public static readonly AlertSettings None = new(DefaultGroupWait, DefaultRepeat, false, null, [], []);

    public bool AnyRoute => Alertmanager is not null || Webhooks.Count > 0 || Commands.Count > 0;
}

public enum WebhookFormat
{
    Json,

    /// <summary>Slack's incoming webhook: <c>{"text": …}</c>, which Mattermost, Rocket.Chat and others read too.</summary>
    Slack,
}

/// <summary>A [[alert.webhook]]: one POST per notification; header values may hold a token.</summary>
public sealed record WebhookRoute(Uri Url, WebhookFormat Format, IReadOnlyDictionary<string, Config.Secret> Headers);

/// <summary>A [[alert.exec]]: a program and its arguments (never a shell), killed after <paramref name="Timeout"/>.</summary>
public sealed record ExecRoute(IReadOnlyList<string> Command, TimeSpan Timeout)
{
    /// <summary>Variables of deadman's own environment the command also gets (pass_env); it gets no others but the basics.</summary>
    public IReadOnlyList<string> PassEnvironment { get; init; } = [];
}
