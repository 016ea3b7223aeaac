using System.Globalization;
using DeadMan.Core.Health;
using DeadMan.Core.Text;

namespace DeadMan.Core.Config;

/// <summary>
/// Reads a host line's own health options, which go over deadman.toml's: <c>loss-warn=5</c> (percent),
/// <c>rtt-warn=50ms</c>, <c>jitter-warn=20ms</c>, <c>down-after=3</c>, <c>up-after=2</c>, and <c>expect=down</c>.
/// </summary>
internal static class HealthSpecBuilder
{
    public static readonly IReadOnlyList<string> Keys = ["loss-warn", "rtt-warn", "jitter-warn", "down-after", "up-after", "expect"];

    public static (HealthRules Rules, bool ExpectDown) Build(IReadOnlyList<ConfigOption> options, Action<int, string> report)
    {
        var rules = HealthRules.None;
        bool expectDown = false;
        foreach (ConfigOption option in options)
        {
            switch (option.Key)
            {
                case "loss-warn":
                    string percent = option.Value.TrimEnd('%');
                    if (double.TryParse(percent, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double loss) && loss is > 0 and <= 100)
                    {
                        rules = rules with { LossWarn = loss };
                    }
                    else
                    {
                        report(option.ValueColumn, $"invalid loss-warn '{option.Value}' (a percentage above 0 and at most 100, e.g. 5 or 2.5%)");
                    }

                    break;
                case "rtt-warn" or "jitter-warn":
                    if (DurationParser.TryParse(option.Value, out TimeSpan limit) && limit >= TimeSpan.FromMilliseconds(1))
                    {
                        rules = option.Key == "rtt-warn" ? rules with { RttWarn = limit } : rules with { JitterWarn = limit };
                    }
                    else
                    {
                        report(option.ValueColumn, $"invalid {option.Key} '{option.Value}' (a duration, e.g. 50ms)");
                    }

                    break;
                case "down-after" or "up-after":
                    if (int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= 1000)
                    {
                        rules = option.Key == "down-after" ? rules with { DownAfter = count } : rules with { UpAfter = count };
                    }
                    else
                    {
                        report(option.ValueColumn, $"invalid {option.Key} '{option.Value}' (probes in a row, 1 to 1000)");
                    }

                    break;
                case "expect":
                    if (option.Value == "down")
                    {
                        expectDown = true;
                    }
                    else
                    {
                        report(option.ValueColumn, $"invalid expect '{option.Value}' (expect=down: a spare or a host not yet installed, shown dimmed and never alerted while down)");
                    }

                    break;
            }
        }

        return (rules, expectDown);
    }

    /// <summary>The health options as written, for --check.</summary>
    public static IEnumerable<KeyValuePair<string, string>> DisplayOptions(IReadOnlyList<ConfigOption> options) =>
        options.Where(o => Keys.Contains(o.Key)).Select(o => KeyValuePair.Create(o.Key, o.Value));
}
