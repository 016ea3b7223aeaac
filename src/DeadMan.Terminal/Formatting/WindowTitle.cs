using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Terminal.Formatting;

/// <summary>What the terminal's title says: trouble first, so a tmux window list or a minimised terminal shows it.</summary>
public static class WindowTitle
{
    /// <example>
    /// <c>deadman: 2 down, 1 degraded, 7 up — noc</c>, <c>deadman: 2 down, 1 known, 6 up — noc</c> (one acknowledged),
    /// <c>deadman: 9 up — noc</c>, <c>deadman: paused, 9 up — noc</c>
    /// </example>
    public static string For(MonitorSnapshot snapshot, string host)
    {
        (int down, int degraded, int known, int maintenance, int up) = Count(snapshot.Targets);
        var parts = new List<string>(3);
        if (snapshot.Paused)
        {
            parts.Add("paused");
        }

        if (down > 0)
        {
            parts.Add($"{down} down");
        }

        if (degraded > 0)
        {
            parts.Add($"{degraded} degraded");
        }

        if (known > 0)
        {
            parts.Add($"{known} known");
        }

        if (maintenance > 0)
        {
            parts.Add($"{maintenance} in maintenance");
        }

        parts.Add($"{up} up");
        return $"deadman: {string.Join(", ", parts)} — {host}";
    }

    private static (int Down, int Degraded, int Known, int Maintenance, int Up) Count(IEnumerable<TargetView> targets)
    {
        int down = 0;
        int degraded = 0;
        int known = 0;
        int maintenance = 0;
        int up = 0;
        foreach (TargetView target in targets)
        {
            bool expected = target.Expected;
            down += target.Alarming && !expected ? 1 : 0;
            degraded += target.Status == TargetStatus.Degraded && !expected ? 1 : 0;
            known += target.Known ? 1 : 0;
            maintenance += expected && !target.Known ? 1 : 0;
            up += target.Status == TargetStatus.Up ? 1 : 0;
        }

        return (down, degraded, known, maintenance, up);
    }
}
