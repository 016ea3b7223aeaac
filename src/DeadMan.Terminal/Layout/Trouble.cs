using DeadMan.Core.Monitoring;

namespace DeadMan.Terminal.Layout;

/// <summary>What counts as trouble on the screen: a host expected down (<c>expect=down</c>) raises no alarm while down.</summary>
public static class Trouble
{
    public static bool IsDown(TargetView target) => target.Status == TargetStatus.Down && !target.Spec.ExpectDown;

    /// <summary>Worst first: down, degraded, unknown, then up and hosts expected down.</summary>
    public static int Severity(TargetView target) => target.Status switch
    {
        TargetStatus.Down when !target.Spec.ExpectDown => 0,
        TargetStatus.Degraded => 1,
        TargetStatus.Unknown => 2,
        _ => 3,
    };

    /// <summary>How many vantages see it down (read back from other deadmans): among the down, the most widely down first.</summary>
    public static int DownVantages(TargetView target) => target.Vantages.Count(v => v.SeesDown);
}
