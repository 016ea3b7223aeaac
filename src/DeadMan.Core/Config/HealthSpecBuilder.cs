using DeadMan.Core.Health;

namespace DeadMan.Core.Config;

/// <summary>
/// Reads a host line's own health options, which go over deadman.toml's: each rule of <see cref="HealthRuleKeys"/>
/// (<c>loss-warn=5</c>, <c>rtt-warn=50ms</c>, <c>down-after=3</c> …), and <c>expect=down</c>.
/// </summary>
internal static class HealthSpecBuilder
{
    public static readonly IReadOnlyList<string> Keys = [.. HealthRuleKeys.All.Select(k => k.HostOption).OfType<string>(), "expect", "trace"];

    public static (HealthRules Rules, bool ExpectDown) Build(IReadOnlyList<ConfigOption> options, Action<int, string> report)
    {
        var rules = HealthRules.None;
        bool expectDown = false;
        foreach (ConfigOption option in options)
        {
            if (option.Key == "expect")
            {
                expectDown = option.Value == "down";
                if (!expectDown)
                {
                    report(option.ValueColumn, $"invalid expect '{option.Value}' (expect=down: a spare or a host not yet installed, shown dimmed and never alerted while down)");
                }
            }
            else if (option.Key == "trace")
            {
                // trace=on: the path is traced every few minutes while the host answers; off: only when it fails.
                if (option.Value is "on" or "off")
                {
                    rules = rules with { TraceEvery = option.Value == "on" ? HealthRules.DefaultTraceEvery : TimeSpan.Zero };
                }
                else
                {
                    report(option.ValueColumn, $"invalid trace '{option.Value}' (trace=on traces the path every {Text.DurationText.Setting(HealthRules.DefaultTraceEvery)} while the host answers, to see routes change; trace-every=DURATION sets how often)");
                }
            }
            else if (HealthRuleKeys.ByHostOption(option.Key) is { } rule)
            {
                if (HealthValues.TryRead(rule.Value, option.Value, out object value))
                {
                    rules = rule.With(rules, value);
                }
                else
                {
                    report(option.ValueColumn, $"invalid {option.Key} '{option.Value}' ({HealthValues.Expected(rule.Value)})");
                }
            }
        }

        return (rules, expectDown);
    }

    /// <summary>The health options as written, for --check.</summary>
    public static IEnumerable<KeyValuePair<string, string>> DisplayOptions(IReadOnlyList<ConfigOption> options) =>
        options.Where(o => Keys.Contains(o.Key)).Select(o => KeyValuePair.Create(o.Key, o.Value));
}
