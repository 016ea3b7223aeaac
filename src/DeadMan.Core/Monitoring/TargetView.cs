using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>An immutable picture of one target for readers outside the monitor loop.</summary>
/// <param name="Sent">Probes with a result (in-flight ones are not counted, so loss is never overstated).</param>
/// <param name="Address">The address probed: the literal, or what the name resolved to; null before resolution.</param>
/// <param name="Note">Why the target is not probed normally ("resolving", "unresolved: …", "cannot probe: network namespace … does not exist").</param>
/// <param name="LastResult">The result of the newest round, with its failure detail.</param>
public sealed record TargetView(
    int Id,
    TargetSpec Spec,
    TargetStatus Status,
    DateTimeOffset? LastChange,
    long Sent,
    long Received,
    RttStats Rtt,
    byte? Ttl,
    IPAddress? Address,
    string? Note,
    ProbeResult? LastResult,
    RoundHistory History)
{
    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;

    /// <summary>Down and not expected down: a red row, the bell, an alert (<see cref="StateWords.IsAlarming"/>).</summary>
    public bool Alarming => StateWords.IsAlarming(Status, Spec.ExpectDown);

    /// <summary>Worst first, 0 the worst (<see cref="StateWords.Severity"/>): expected problems (known, in maintenance) after the others.</summary>
    public int Severity => StateWords.Severity(Status, Spec.ExpectDown, Expected);

    /// <summary>An operator's acknowledgement of its problem, while in force (it may not cover a worse state).</summary>
    public Acknowledgement? Acknowledgement { get; init; }

    /// <summary>A problem the operators know of: acknowledged, in a state the acknowledgement covers. Not rung for, counted apart.</summary>
    public bool Known => Acknowledgement is { } acknowledgement && acknowledgement.Covers(Status);

    /// <summary>The [[maintenance]] window open for it now: its trouble is expected, shown as maintenance, never rung for or alerted.</summary>
    public MaintenanceWindow? Maintenance { get; init; }

    /// <summary>Some [[maintenance]] window applies to it, open or not.</summary>
    public bool Windowed { get; init; }

    /// <summary>Down or degraded, and expected so: acknowledged, or in a maintenance window. No bell, no alert, not counted as news.</summary>
    public bool Expected => Known || InMaintenance;

    /// <summary>Down or degraded during a maintenance window of its own (and not acknowledged besides).</summary>
    public bool InMaintenance => Maintenance is not null && Status is TargetStatus.Down or TargetStatus.Degraded;

    /// <summary>
    /// Why, in words: why it is not probed (its note); else why it is degraded, or why it is down ("no reply", the
    /// failure's own words, with "(expected down)" for such a host); empty when nothing needs saying.
    /// </summary>
    public string Why => Note ?? Status switch
    {
        TargetStatus.Down => Reason ?? StateWords.Failure(LastResult?.Detail) + (Spec.ExpectDown ? $" ({StateWords.ExpectedDown})" : ""),
        TargetStatus.Degraded => Reason ?? "",
        _ => "",
    };

    /// <summary>How many vantages see it down (read back from other deadmans): among the down, the most widely down first.</summary>
    public int DownVantages => Vantages.Count(v => v.SeesDown);

    /// <summary>When the target entered its present state (when it was loaded, while still unknown); null when not known.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The rules its state is judged by: its line's, the matching [[health.match]] entries', [health]'s, deadman's.</summary>
    public Health.HealthRules Rules { get; init; } = Health.HealthRules.Defaults;

    /// <summary>
    /// Why the target is degraded ("loss 18% ≥ 5%, avg RTT 96 ms ≥ 50 ms"); read back from other deadmans, which
    /// vantages see it degraded or down ("down from hall-b"); null otherwise.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>Probes with a result since the target was added, never reset: what counters for metrics need.</summary>
    public long TotalSent { get; init; }

    public long TotalReceived { get; init; }

    /// <summary>Confirmation echoes sent for overdue replies since the target was added, never reset.</summary>
    public long TotalConfirmations { get; init; }

    /// <summary>What the last path MTU search found (pmtu=on); null before the first, or for other targets.</summary>
    public PathMtu? PathMtu { get; init; }

    /// <summary>The certificate an https target presented last; null before the first, or for other targets.</summary>
    public TlsCertificate? Certificate { get; init; }

    /// <summary>The latest trace of the path to it (when it failed, or with trace=on); null before the first.</summary>
    public Probing.Trace.PathTrace? Trace { get; init; }

    /// <summary>Hops of the latest trace that reached it: how long the path is when it works ("hop 3 of 7").</summary>
    public int? KnownPathLength { get; init; }

    /// <summary>Why it is not traced from here ("not traced from here: probed from relay-1 over ssh").</summary>
    public string? TraceNote { get; init; }

    /// <summary>Times its path changed (trace=on) in the last hour, seen as of its last trace.</summary>
    public int PathChanges { get; init; }

    /// <summary>"last answer from 10.0.2.1 (sw-dist-2)" for a broken path, else null.</summary>
    public string? LastAnswer => Trace is { Reached: false, LastAnswer: { } hop } ? $"last answer from {hop.Label}" : null;

    /// <summary>What each vantage says of it, when the picture was read back from other deadmans (--from prometheus); else empty.</summary>
    public IReadOnlyList<VantageReading> Vantages { get; init; } = [];
}
