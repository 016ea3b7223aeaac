using System.Globalization;

namespace DeadMan.Terminal.Formatting;

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

    /// <summary>An RTT another deadman reported, in milliseconds.</summary>
    public static string Rtt(double? milliseconds) => Rtt(milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null);

    public static string Count(long count) => count switch
    {
        < 100_000 => count.ToString(CultureInfo.InvariantCulture),
        < 10_000_000 => (count / 1000).ToString(CultureInfo.InvariantCulture) + "k",
        _ => (count / 1_000_000).ToString(CultureInfo.InvariantCulture) + "M",
    };

    public static string Loss(double percent) => ((int)percent).ToString(CultureInfo.InvariantCulture) + "%";
}
