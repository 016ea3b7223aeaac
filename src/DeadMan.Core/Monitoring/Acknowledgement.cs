using DeadMan.Core.Health;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// An operator's word that a problem is known: who, when, why, for how long. While it covers the host's state the
/// host is a known problem: dimmed, not rung for, counted apart, not alerted again. It covers the state it was given
/// for (a degraded host that goes down is news again), or any state when the operator said so, and ends when the
/// host is up again (after its up_after), when <see cref="Until"/> passes, or when withdrawn.
/// </summary>
/// <param name="By">"noc@laptop", or the web page's user.</param>
/// <param name="For">The state acknowledged: down, or degraded.</param>
/// <param name="Until">When it ends by itself; null: when the host is up again.</param>
public sealed record Acknowledgement(string By, DateTimeOffset At, TargetStatus For, DateTimeOffset? Until, string? Note)
{
    /// <summary>Covers down and degraded alike, whichever it was given for.</summary>
    public bool AnyState { get; init; }

    /// <summary>A problem in <paramref name="status"/> is this known one: the state given for, or a milder problem.</summary>
    public bool Covers(TargetStatus status) => status switch
    {
        TargetStatus.Down => AnyState || For == TargetStatus.Down,
        TargetStatus.Degraded => true,
        _ => false,
    };

    /// <summary>"noc@laptop at 14:02 until 15:02: replacing the switch" for the detail and logs (times local).</summary>
    public string Describe()
    {
        string until = Until is { } end ? $" until {end.ToLocalTime():HH:mm}" : " until it is up";
        return $"{By} at {At.ToLocalTime():HH:mm}{until}{(AnyState ? ", any state" : "")}{(Note is { Length: > 0 } note ? $": {note}" : "")}";
    }
}

/// <summary>An acknowledgement given or ended; raised on the engine loop.</summary>
/// <param name="Target">The host as it is after the change.</param>
/// <param name="Ended">Why it ended ("up again", "expired", "withdrawn by noc@laptop", "down: not the state acknowledged"); null when given.</param>
/// <param name="All">Every acknowledgement in force after the change, by host name: what the state file keeps.</param>
public sealed record AcknowledgementChange(TargetView Target, Acknowledgement Acknowledgement, string? Ended, DateTimeOffset At, IReadOnlyDictionary<string, Acknowledgement> All);
