using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Health;

/// <summary>One table of health rules reads deadman.toml and host lines alike, and --check says what it read.</summary>
public class HealthRuleKeysTests
{
    public static TheoryData<string> HostLineRules() => [.. HealthRuleKeys.All.Where(k => k.OnHostLine).Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(HostLineRules))]
    public void Should_read_the_same_rule_When_a_host_line_or_deadman_toml_sets_it(string name)
    {
        // Given: one value of the rule's kind, as each file writes it
        HealthRuleKey key = HealthRuleKeys.All.Single(k => k.Name == name);
        (string toml, string line) = key.Value switch
        {
            HealthValue.Count => ("3", "3"),
            HealthValue.Percent => ("2.5", "2.5%"),
            HealthValue.TimeLeft => ("\"30d\"", "30d"),
            _ => ("\"40ms\"", "40ms"),
        };

        // When
        ConfigResult hosts = ConfigParser.Parse($"uplink 192.0.2.1 {key.HostOption}={line}\n", "deadman.conf");
        SettingsResult settings = SettingsReader.Read($"[health]\n{name} = {toml}\n", "deadman.toml");

        // Then: both set this rule and no other, to the same value, and --check says it
        Assert.Empty(hosts.Diagnostics);
        Assert.Empty(settings.Diagnostics);
        HealthRules fromLine = Assert.Single(hosts.Targets).Health;
        HealthRules fromToml = settings.Settings!.Health.Rules;
        Assert.Equal(fromToml, fromLine);
        Assert.All(HealthRuleKeys.All.Where(k => k != key), other => Assert.Null(other.Get(fromLine)));
        Assert.NotNull(key.Get(fromLine));
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, key.Shown!, HealthValues.Show(key.Get(fromLine)!)),
                        SettingsReport.Describe(fromLine), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_the_window_on_a_host_line_When_only_deadman_toml_sets_it()
    {
        ConfigResult hosts = ConfigParser.Parse("uplink 192.0.2.1 window=60s\n", "deadman.conf");

        Assert.Contains("unknown option 'window'", Assert.Single(hosts.Diagnostics).Message, StringComparison.Ordinal);
    }
}
