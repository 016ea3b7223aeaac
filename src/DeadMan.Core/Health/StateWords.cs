namespace DeadMan.Core.Health;

/// <summary>
/// The words and the one judgement every surface shares about states: their names (the screen, reports, JSON, alerts,
/// the event log and metrics' documents), which changes are which event, what raises an alarm, and how a lost probe is
/// said. Defined once, here beside <see cref="TargetStatus"/>, so no surface words them its own way.
/// </summary>
public static class StateWords
{
    /// <summary>A probe that got no answer within its timeout, as an operator reads it ("timeout" is only the per-host log's machine field).</summary>
    public const string NoReply = "no reply";

    /// <summary>A host down that the file says is meant to be (expect=down): no alarm.</summary>
    public const string ExpectedDown = "expected down";

    /// <summary>Why a probe failed, in its own words (its detail), or "no reply" when it timed out with none.</summary>
    public static string Failure(string? detail) => detail ?? NoReply;

    /// <summary>"up", "degraded", "down", "unknown".</summary>
    public static string Name(TargetStatus status) => status switch
    {
        TargetStatus.Up => "up",
        TargetStatus.Degraded => "degraded",
        TargetStatus.Down => "down",
        _ => "unknown",
    };

    /// <summary>What a change is called: the state it went to, or "recovered" when a degraded host is up again.</summary>
    public static string EventName(TargetStatus from, TargetStatus to) =>
        from == TargetStatus.Degraded && to == TargetStatus.Up ? "recovered" : Name(to);

    /// <summary>Down and not expected down: what turns a row red, rings the bell, counts as down and is alerted.</summary>
    public static bool IsAlarming(TargetStatus status, bool expectDown) => status == TargetStatus.Down && !expectDown;

    /// <summary>"after 41s down": how long the state a change left had lasted.</summary>
    public static string After(TimeSpan lasted, TargetStatus from) => $"after {Text.DurationText.Compact(lasted)} {Name(from)}";

    /// <summary>
    /// Worst first, 0 the worst: an alarm, degraded, an expected problem (acknowledged, or in maintenance), unknown,
    /// then up and hosts expected down.
    /// </summary>
    public static int Severity(TargetStatus status, bool expectDown, bool expected = false) => status switch
    {
        TargetStatus.Down or TargetStatus.Degraded when expected => 2,
        TargetStatus.Down when !expectDown => 0,
        TargetStatus.Degraded => 1,
        TargetStatus.Unknown => 3,
        _ => 4,
    };
}
