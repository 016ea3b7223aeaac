namespace DeadMan.Terminal.Model;

/// <summary>
/// An acknowledgement being written on the bottom line: first an optional note (Tab turns it to the host's whole
/// group), then how long, with one key.
/// </summary>
/// <param name="Name">The host's name, for the prompt.</param>
public sealed record AcknowledgePrompt(int TargetId, string Name, string Note = "", bool ChoosingDuration = false)
{
    /// <summary>The longest note kept: a line of the event log, not an essay.</summary>
    public const int LongestNote = 200;

    /// <summary>The host's group title, when it has one.</summary>
    public string? Group { get; init; }

    /// <summary>The hosts of its group (as shown) in trouble and not acknowledged yet, the host among them.</summary>
    public IReadOnlyList<int> GroupIds { get; init; } = [];

    /// <summary>Tab: the whole group's trouble, not the host's alone.</summary>
    public bool WholeGroup { get; init; }

    /// <summary>What the acknowledgement is for: the host, or its group's hosts in trouble.</summary>
    public IReadOnlyList<int> Ids => WholeGroup ? GroupIds : [TargetId];

    /// <summary>"ap-4f-a", or "4F 会議室: 3 hosts".</summary>
    public string Subject => WholeGroup ? $"{Group}: {GroupIds.Count} hosts" : Name;
}

/// <summary>How long an acknowledgement lasts, as chosen with one key.</summary>
public enum AcknowledgeFor
{
    /// <summary>Until the host is up again (after its up_after).</summary>
    UntilUp,
    Quarter,
    Hour,
    FourHours,

    /// <summary>Until midnight, local time.</summary>
    RestOfDay,

    /// <summary>Until up, and covering down as well as degraded.</summary>
    AnyState,
}

/// <summary>What the operator asked of the engine when a prompt closed: acknowledge, or withdraw.</summary>
public sealed record AcknowledgeOrder(IReadOnlyList<int> TargetIds, string? Note, AcknowledgeFor Duration, bool Withdraw = false)
{
    /// <summary>When the acknowledgement ends by itself; null when it lasts until the host is up again.</summary>
    public DateTimeOffset? Until(DateTimeOffset now) => Duration switch
    {
        AcknowledgeFor.Quarter => now.AddMinutes(15),
        AcknowledgeFor.Hour => now.AddHours(1),
        AcknowledgeFor.FourHours => now.AddHours(4),
        AcknowledgeFor.RestOfDay => new DateTimeOffset(now.ToLocalTime().Date.AddDays(1), TimeZoneInfo.Local.GetUtcOffset(now.ToLocalTime().Date.AddDays(1))),
        _ => null,
    };

    /// <summary>"until it is up", "for 1h", "until midnight": for the message that confirms it.</summary>
    public string Describe() => Duration switch
    {
        AcknowledgeFor.Quarter => "for 15m",
        AcknowledgeFor.Hour => "for 1h",
        AcknowledgeFor.FourHours => "for 4h",
        AcknowledgeFor.RestOfDay => "until midnight",
        AcknowledgeFor.AnyState => "in any state, until it is up",
        _ => "until it is up",
    };
}
