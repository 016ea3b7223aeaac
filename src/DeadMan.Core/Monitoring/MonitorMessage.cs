using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// What reaches the engine loop: a probe result (the common case, kept in the struct so it allocates nothing),
/// or in <paramref name="News"/> a <see cref="VerdictNews"/>, an <see cref="AddressNews"/>, a <see cref="PathMtuNews"/>, a <see cref="TlsCertificate"/>, a <see cref="TraceNews"/>, a <see cref="PollNews"/> or an <see cref="EngineCommand"/>.
/// </summary>
internal readonly record struct MonitorMessage(int TargetId, long Round, ProbeResult Result, object? News);

/// <summary>What a round's confirmation echoes said before it ended (<see cref="IProbeSink.Verdict"/>); two instances, so a verdict allocates nothing.</summary>
internal sealed record VerdictNews(bool Answers)
{
    public static readonly VerdictNews Silent = new(false);
    public static readonly VerdictNews Answering = new(true);
}

/// <summary>Resolution finished (<paramref name="Address"/> set) or failed or is pending (<paramref name="Note"/> says which).</summary>
internal sealed record AddressNews(IPAddress? Address, string? Note);

/// <summary>A path MTU search ended (<see cref="IProbeSink.PathMtu"/>).</summary>
internal sealed record PathMtuNews(int? Bytes, string? UnknownBecause);

/// <summary>A trace's picture after one of its passes (<see cref="IProbeSink.Traced"/>).</summary>
internal sealed record TraceNews(Probing.Trace.PathTrace Trace);

/// <summary>An agent's polling task finished a poll.</summary>
internal sealed record PollNews(int AgentId, PollReport Report);

/// <summary>Something a user or a file asks of the engine; <see cref="Applied"/> completes once a snapshot shows it.</summary>
internal abstract record EngineCommand
{
    public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Changes nothing: a reader that wants a picture of now, not of its last visit.</summary>
internal sealed record RefreshCommand : EngineCommand;

/// <summary>Pause or resume every probe and poller; null turns it over.</summary>
internal sealed record PauseCommand(bool? Paused) : EngineCommand;

/// <summary>deadman's refresh: every target's statistics start again.</summary>
internal sealed record ResetCommand : EngineCommand;

/// <summary>A newly read file replaces targets and watched interfaces, keeping what did not change; new health settings with it, if any.</summary>
internal sealed record ReloadCommand(IReadOnlyList<ConfigEntry> Entries, Health.HealthSettings? Health) : EngineCommand;

/// <summary>Trace the target live, pass after pass, until asked again with null (<c>t</c> on the screen).</summary>
internal sealed record LiveTraceCommand(int? TargetId) : EngineCommand;

/// <summary>An operator acknowledges the problems of these hosts (<c>a</c> on the screen, the web page).</summary>
internal sealed record AcknowledgeCommand(IReadOnlyList<int> TargetIds, Acknowledgement Acknowledgement) : EngineCommand;

/// <summary>An operator withdraws these hosts' acknowledgements.</summary>
internal sealed record WithdrawCommand(IReadOnlyList<int> TargetIds, string By) : EngineCommand;

/// <summary>Acknowledgements an earlier run saved, by host name.</summary>
internal sealed record RestoreCommand(IReadOnlyDictionary<string, Acknowledgement> Saved) : EngineCommand;

/// <summary>A reader wants every picture to carry everything known of one target (null: of none).</summary>
internal sealed record FocusCommand(int? TargetId) : EngineCommand;
