using DeadMan.Core.Config;

namespace DeadMan.Core.Tests.Config;

public class ConfigParserTests
{
    [Fact]
    public void Should_split_at_first_equals_When_a_password_contains_equals()
    {
        // Given
        const string text = "ros 192.0.2.1 via=routeros_api relay=198.51.100.2 username=admin password=a=b==c";

        // When
        var spec = (RouterOsProbeSpec)ConfigParser.Parse(text, "t.conf").Targets.Single().Probe;

        // Then
        Assert.Equal("a=b==c", spec.Password.Reveal());
    }

    [Fact]
    public void Should_mask_credentials_When_printed()
    {
        // Given
        const string text = "snmp 192.0.2.1 via=snmp relay=198.51.100.3 community=topsecret";

        // When
        TargetSpec target = ConfigParser.Parse(text, "t.conf").Targets.Single();

        // Then
        Assert.DoesNotContain("topsecret", target.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", target.Identity, StringComparison.Ordinal);
        Assert.Contains(target.Probe.DisplayOptions(), o => o is { Key: "community", Value: Secret.Mask });
    }

    [Fact]
    public void Should_keep_good_lines_When_other_lines_are_broken()
    {
        // Given
        const string text = "good-1 192.0.2.1\nbroken 192.0.2.999\ngood-2 192.0.2.2\n";

        // When
        ConfigResult result = ConfigParser.Parse(text, "t.conf");

        // Then
        Assert.Equal(["good-1", "good-2"], result.Targets.Select(t => t.Name));
        Assert.Equal("t.conf:2:8: invalid IPv4 address '192.0.2.999'", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Should_ignore_byte_order_mark_and_crlf_When_file_comes_from_windows()
    {
        // Given
        const string text = "\uFEFFrouter\t192.0.2.1\r\n# comment\r\n";

        // When
        ConfigResult result = ConfigParser.Parse(text, "t.conf");

        // Then
        Assert.False(result.HasErrors);
        Assert.Equal("router", result.Targets.Single().Name);
    }

    [Theory]
    [InlineData("a 192.0.2.1", "a 192.0.2.1", true)]
    [InlineData("a 192.0.2.1", "a 192.0.2.2", false)]
    [InlineData("a 192.0.2.1", "b 192.0.2.1", false)]
    [InlineData("a 192.0.2.1 via=snmp relay=198.51.100.3 community=x", "a 192.0.2.1 via=snmp relay=198.51.100.3 community=y", false)]
    [InlineData("a 192.0.2.1 tcp=dstport:80", "a 192.0.2.1   tcp=dstport:80", true)]
    public void Should_give_same_identity_only_When_name_address_and_options_match(string first, string second, bool same)
    {
        // Given / When
        string a = ConfigParser.Parse(first, "t.conf").Targets.Single().Identity;
        string b = ConfigParser.Parse(second, "t.conf").Targets.Single().Identity;

        // Then
        Assert.Equal(same, a == b);
    }

    [Fact]
    public void Should_read_scope_and_literal_When_address_is_scoped_ipv6()
    {
        // When
        TargetAddress address = ConfigParser.Parse("gw fe80::1%eth0", "t.conf").Targets.Single().Address;

        // Then
        Assert.Equal("fe80::1", address.Literal!.ToString());
        Assert.Equal("eth0", address.Scope);
        Assert.False(address.IsHostName);
    }
}
