namespace DeadMan.Core.Alerts;

/// <summary>Somewhere notifications go: Alertmanager, a webhook, a command.</summary>
public interface IAlertRoute
{
    /// <summary>How the route is named in the status line and the event log ("webhook https://chat…", "exec page").</summary>
    string Name { get; }

    /// <summary>
    /// What the route is, settings and secrets included: a reload that yields a route of the same identity keeps the
    /// one running, with what it knows (what it told the receiver, what it holds undelivered, active alerts).
    /// </summary>
    string Identity { get; }

    /// <summary>Delivers one notification; throws when it could not (the dispatcher retries).</summary>
    /// <returns>What the event log should say of it ("exit 0: paged", "HTTP 200").</returns>
    Task<string> SendAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>Called every [alert] repeat: a route whose receiver forgets alerts not re-sent (Alertmanager) sends them again.</summary>
    Task RepeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
