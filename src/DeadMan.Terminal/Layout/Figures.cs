using System.Globalization;

namespace DeadMan.Terminal.Layout;

/// <summary>Numbers in five columns or fewer: sub-millisecond RTTs keep their decimals, big counts get a suffix.</summary>
public static class Figures
{
    public static string Rtt(TimeSpan? rtt)
    {
        if (rtt is not { } value)
        {
            return "-";
        }

        double ms = value.TotalMilliseconds;
        string format = ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0";
        return ms >= 100_000 ? ">99s" : ms.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Count(long count) => count switch
    {
        < 100_000 => count.ToString(CultureInfo.InvariantCulture),
        < 10_000_000 => (count / 1000).ToString(CultureInfo.InvariantCulture) + "k",
        _ => (count / 1_000_000).ToString(CultureInfo.InvariantCulture) + "M",
    };

    public static string Loss(double percent) => ((int)percent).ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>Time in a state in five columns or fewer, the finer unit while it fits: 9s, 3m12s, 42m, 2h04m, 14h, 3d02h, 45d.</summary>
    public static string Duration(TimeSpan span)
    {
        long seconds = Math.Max(0, (long)span.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 600 => $"{seconds / 60}m{seconds % 60:00}s",
            < 3600 => $"{seconds / 60}m",
            < 36_000 => $"{seconds / 3600}h{seconds / 60 % 60:00}m",
            < 86_400 => $"{seconds / 3600}h",
            < 864_000 => $"{seconds / 86_400}d{seconds / 3600 % 24:00}h",
            _ => $"{seconds / 86_400}d",
        };
    }
}
