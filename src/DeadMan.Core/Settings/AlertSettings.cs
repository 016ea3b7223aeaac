namespace DeadMan.Core.Settings;

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

    /// <summary>A trace=on host's path that changed is a notification too ("path_changed"; not for Alertmanager, which keeps states).</summary>
    public bool PathChanged { get; init; }
}
