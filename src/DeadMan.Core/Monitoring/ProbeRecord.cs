using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// One result as it was folded in, with the target's counts right after. Not a whole <see cref="TargetView"/>: a view
/// per result, for logs that read three figures of it, cost 0.5 MB a second at 1,000 hosts.
/// </summary>
/// <param name="Sent">Probes with a result since start or reset, this one included.</param>
/// <param name="Rtt">The target's RTT figures with this result.</param>
/// <param name="SentAt">When its probe was sent: a timeout is known only a timeout later, yet belongs before the
/// replies that came meanwhile.</param>
public sealed record ProbeRecord(TargetSpec Target, long Sent, RttStats Rtt, long Round, ProbeResult Result, DateTimeOffset SentAt);
