using DeadMan.Core.Health;

namespace DeadMan.Core.Tests.Health;

public sealed class HealthMatchTests
{
    [Theory]
    [InlineData("4F*", null, "ap-1", "4F Hall", true)]
    [InlineData("4f*", null, "ap-1", "4F Hall", true)]
    [InlineData("4F*", null, "ap-1", "3F Hall", false)]
    [InlineData("4F*", null, "ap-1", null, false)]
    [InlineData(null, "ap-?", "ap-1", null, true)]
    [InlineData(null, "ap-?", "ap-12", null, false)]
    [InlineData(null, "*ルータ*", "本部ルータ1", null, true)]
    [InlineData("*", "core-*", "core-sw", "", true)]
    [InlineData(null, @"ap\*", "ap*", null, true)]
    [InlineData(null, @"ap\*", "ap-1", null, false)]
    public void Should_match_shell_globs_ignoring_case_When_choosing_a_hosts_rules(string? group, string? name, string hostName, string? hostGroup, bool applies)
    {
        // Given
        var match = new HealthMatch(group, name, HealthRules.None);

        // Then
        Assert.Equal(applies, match.Applies(hostName, hostGroup));
    }
}
