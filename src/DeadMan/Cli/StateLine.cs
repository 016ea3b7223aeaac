using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Text;

namespace DeadMan.Cli;

/// <summary>
/// The live log's line for a change of state, the same for this machine's hosts and those read back from Prometheus:
/// <c>2026-11-22 12:34:56  DOWN  core-sw  192.0.2.1  no reply</c>. Names and addresses are padded to the widest in
/// the picture, so the columns line up in a terminal and stay easy to cut.
/// </summary>
internal static class StateLine
{
    public static string Of(StateChange change, MonitorSnapshot picture)
    {
        TargetView t = change.Target;
        string detail = change.To == TargetStatus.Up ? $"rtt {t.Rtt.Last.TotalMilliseconds:0.000} ms" : t.Why;
        return Line(change.At, StateWords.Name(change.To).ToUpperInvariant(), t, picture, detail);
    }

    /// <summary><c>2026-12-07 15:21:24  PMTU      internet-mtu  198.18.254.1  path MTU 1500 → 1400 bytes</c>: a tunnel came up.</summary>
    public static string Of(PathMtuChange change, MonitorSnapshot picture) =>
        Line(change.At, "PMTU", change.Target, picture, $"path MTU {change.From} → {change.To} bytes");

    /// <summary>
    /// <c>… TRACE  far-a  198.18.14.2  stops after 198.18.12.2 (sw-dist-2), hop 2 of 4: network unreachable</c>, or
    /// <c>PATH</c> with the new path and the old one; null for a routine trace that found the same path.
    /// </summary>
    public static string? Of(TraceEvent traced, MonitorSnapshot picture)
    {
        if (traced.Before is { } before)
        {
            return Line(traced.At, "PATH", traced.Target, picture, $"path changed: {Core.Alerts.Notification.Route(traced.Trace)} (was {Core.Alerts.Notification.Route(before)})");
        }

        return traced.Trace.Reached ? null : Line(traced.At, "TRACE", traced.Target, picture, traced.Trace.Summary(traced.Target.KnownPathLength));
    }

    private static string Line(DateTimeOffset at, string word, TargetView t, MonitorSnapshot picture, string? detail)
    {
        int nameWidth = Math.Max(DisplayWidth.Of(t.Spec.Name), picture.Targets.Max(o => (int?)DisplayWidth.Of(o.Spec.Name)) ?? 0);
        int addressWidth = Math.Max(DisplayWidth.Of(t.Spec.Address.Text), picture.Targets.Max(o => (int?)DisplayWidth.Of(o.Spec.Address.Text)) ?? 0);
        return SafeText.Line($"{at.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {word,-8}  " +
                             $"{DisplayWidth.Fit(t.Spec.Name, nameWidth)}  {DisplayWidth.Fit(t.Spec.Address.Text, addressWidth)}  {detail}").TrimEnd();
    }
}
