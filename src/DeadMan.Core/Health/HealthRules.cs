namespace DeadMan.Core.Health;

/// <summary>
/// How a host's state is judged; any rule left null is taken from the level below (a host line's options over the
/// [[health.match]] entries that apply, over [health], over the built-in defaults). With no loss, RTT or jitter
/// limit a host is never degraded, as in deadman.
/// </summary>
/// <param name="DownAfter">Consecutive failures that make a host down.</param>
/// <param name="UpAfter">Consecutive replies that bring a down host back.</param>
/// <param name="Window">How far back loss, average RTT and jitter are measured for the degraded state.</param>
/// <param name="LossWarn">Loss in percent at or above which a host that answers is degraded.</param>
/// <param name="CertWarn">
/// Time left on a TLS certificate below which an https host is degraded; <see cref="DefaultCertWarn"/> when no level
/// sets it (kept out of <see cref="Defaults"/>, so that only the hosts that have a certificate say it).
/// </param>
/// <param name="TraceEvery">
/// How often the path to a host that answers is traced, to see routes change (<c>trace=on</c>: every
/// <see cref="DefaultTraceEvery"/>); zero or null: only when it fails.
/// </param>
public sealed record HealthRules(int? DownAfter = null, int? UpAfter = null, TimeSpan? Window = null, double? LossWarn = null,
                                 TimeSpan? RttWarn = null, TimeSpan? JitterWarn = null, TimeSpan? CertWarn = null, TimeSpan? TraceEvery = null)
{
    /// <summary>A few minutes: a route that flaps shows within the hour, and a trace costs a few dozen echoes.</summary>
    public static readonly TimeSpan DefaultTraceEvery = TimeSpan.FromMinutes(5);

    public static readonly HealthRules None = new();

    /// <summary>Two weeks: time to renew by hand before the event's last day.</summary>
    public static readonly TimeSpan DefaultCertWarn = TimeSpan.FromDays(14);

    /// <summary>deadman's own rule: one failure down, one reply up, never degraded.</summary>
    public static readonly HealthRules Defaults = new(1, 1, TimeSpan.FromSeconds(60));

    /// <summary>These rules, with the gaps filled from <paramref name="below"/>.</summary>
    public HealthRules Over(HealthRules below) => new(
        DownAfter ?? below.DownAfter, UpAfter ?? below.UpAfter, Window ?? below.Window, LossWarn ?? below.LossWarn,
        RttWarn ?? below.RttWarn, JitterWarn ?? below.JitterWarn, CertWarn ?? below.CertWarn, TraceEvery ?? below.TraceEvery);

    /// <summary>True when a limit makes the degraded state possible.</summary>
    public bool CanDegrade => LossWarn is not null || RttWarn is not null || JitterWarn is not null;
}
