using System.Globalization;

namespace DeadMan.Core.Health;

/// <summary>
/// Judges a host's state after each result, from its rules, how many failures or replies came in a row, and what it
/// did over the window. Pure, so every rule can be tried without probing.
/// </summary>
public static class HealthJudge
{
    /// <summary>Fewer results than this in the window say too little to call a host degraded (one loss of two is not 50 %).</summary>
    public const int MinimumSample = 5;

    /// <param name="failures">Failures in a row, the newest result included (0 after a reply).</param>
    /// <param name="replies">Replies in a row, the newest included (0 after a failure).</param>
    /// <param name="degradedBy">Why the pings made the host degraded so far; null when they did not.</param>
    /// <returns>The new state, and why when degraded.</returns>
    public static (TargetStatus Status, string? Reason) Judge(TargetStatus current, int failures, int replies, HealthRules rules, Func<WindowFigures> window,
                                                               string? degradedBy = null)
    {
        int downAfter = rules.DownAfter ?? 1;
        int upAfter = rules.UpAfter ?? 1;
        if (failures >= downAfter)
        {
            return (TargetStatus.Down, null);
        }

        bool answering = current switch
        {
            TargetStatus.Down => replies >= upAfter,
            TargetStatus.Unknown => replies > 0,
            _ => true,
        };
        if (!answering)
        {
            return (current, null);
        }

        if (!rules.CanDegrade)
        {
            return (TargetStatus.Up, null);
        }

        // Too few results say nothing either way: a degraded host stays so until the window has enough again (after
        // the operator's reset, `r`, which must not change states), an answering one is up.
        WindowFigures figures = window();
        if (figures.Sent < MinimumSample)
        {
            return current == TargetStatus.Degraded && degradedBy is not null ? (TargetStatus.Degraded, degradedBy) : (TargetStatus.Up, null);
        }

        return DegradedReason(rules, figures) is { } reason ? (TargetStatus.Degraded, reason) : (TargetStatus.Up, null);
    }

    /// <summary>
    /// "loss 18% in 60s ≥ 5%, avg RTT 96 ms in 60s ≥ 50 ms", or null when within every limit (or too few results to
    /// say). Each figure says its window: beside it, LOSS and AVG count the whole run.
    /// </summary>
    public static string? DegradedReason(HealthRules rules, WindowFigures w)
    {
        if (w.Sent < MinimumSample)
        {
            return null;
        }

        string over = $" in {Window(rules.Window ?? HealthRules.Defaults.Window!.Value)}";
        var reasons = new List<string>(3);
        if (rules.LossWarn is { } loss && w.LossPercent >= loss)
        {
            reasons.Add($"loss {Number(w.LossPercent)}%{over} ≥ {Number(loss)}%");
        }

        if (rules.RttWarn is { } rtt && w.AverageRtt is { } average && average >= rtt)
        {
            reasons.Add($"avg RTT {Milliseconds(average)}{over} ≥ {Milliseconds(rtt)}");
        }

        if (rules.JitterWarn is { } limit && w.Jitter is { } jitter && jitter >= limit)
        {
            reasons.Add($"jitter {Milliseconds(jitter)}{over} ≥ {Milliseconds(limit)}");
        }

        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }

    // "20s", "1m", "5m", "1m30s": as the setting is usually written.
    private static string Window(TimeSpan window) =>
        window.TotalSeconds >= 60 && window.TotalSeconds % 60 == 0 ? $"{(long)window.TotalMinutes}m" : Text.DurationText.Compact(window);

    private static string Number(double value) => value.ToString(value < 10 && value != Math.Floor(value) ? "0.#" : "0", CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "0.##" : "0", CultureInfo.InvariantCulture) + " ms";
}
