namespace DeadMan.Core.Health;

/// <summary>What a health rule holds, and so how a file spells it, how it is read and how it is shown.</summary>
public enum HealthValue
{
    /// <summary>Probes in a row: a whole number from 1 to 1000.</summary>
    Count,

    /// <summary>A duration of 1ms or more: "50ms", "60s", "2m".</summary>
    Duration,

    /// <summary>A percentage above 0 and at most 100: 5 or 2.5 (a host line may add %).</summary>
    Percent,

    /// <summary>Time left before something runs out, in days or hours: "14d", "48h", at most ten years.</summary>
    TimeLeft,
}
