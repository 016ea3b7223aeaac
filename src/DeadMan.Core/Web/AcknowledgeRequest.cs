using System.Text.Json.Serialization;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Web;

/// <summary>
/// What the operator's page posts to <c>/api/acknowledge</c>: the hosts (by the state document's ids), a note, how
/// long (minutes, or until a time: the page's own midnight for "today"; neither: until the host is up), whether any
/// state is covered, or a withdrawal.
/// </summary>
internal sealed record AcknowledgeRequest(IReadOnlyList<int>? Ids, string? Note, int? Minutes, DateTimeOffset? Until, bool AnyState, bool Withdraw)
{
    private const int LongestNote = 200;
    private static readonly TimeSpan s_longest = TimeSpan.FromDays(7);

    /// <summary>Why the request cannot be carried out at <paramref name="now"/>; null when it can.</summary>
    public string? Problem(DateTimeOffset now) => Ids is not { Count: > 0 } ? "no host: give \"ids\" from /api/state"
        : Note is { Length: > LongestNote } ? $"the note is longer than {LongestNote} characters"
        : Minutes is < 1 || Minutes > s_longest.TotalMinutes ? "\"minutes\" is from 1 to a week's"
        : Until is { } until && (until <= now || until - now > s_longest) ? "\"until\" is within the next week"
        : null;

    /// <summary>The acknowledgement asked for, from <paramref name="by"/> at <paramref name="now"/> (the engine takes each host's state).</summary>
    public Acknowledgement Given(string by, DateTimeOffset now) =>
        new(by, now, TargetStatus.Down, Until ?? (Minutes is { } minutes ? now.AddMinutes(minutes) : null), Note?.Trim() is { Length: > 0 } note ? Text.SafeText.Line(note) : null)
        {
            AnyState = AnyState,
        };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AcknowledgeRequest))]
internal sealed partial class AcknowledgeJson : JsonSerializerContext;
