using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Relay;

namespace DeadMan.Core.Tests.Probing;

public class SshRelayCommandTests
{
    private static readonly ProbeTiming s_timing = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));

    [Fact]
    public void Should_pass_the_relay_after_double_dash_and_credentials_as_option_values_When_building_the_ssh_command()
    {
        // Given: values that would mean something to a shell or to ssh's option parser
        var relay = new SshRelayProbeSpec("relay.example", "-oProxyCommand=x", "$(id)", null);

        // When
        IReadOnlyList<string> argv = SshRelayCommand.Arguments(relay, "/etc/dm/ssh_config", [IPAddress.Parse("192.0.2.1")], s_timing);

        // Then: each is one argument in the place of a value, and nothing follows the host but the script
        int dashes = argv.ToList().IndexOf("--");
        Assert.Equal(["-F", "/etc/dm/ssh_config"], argv.SkipWhile(a => a != "-F").Take(2));
        Assert.Equal(["-l", "-oProxyCommand=x"], argv.SkipWhile(a => a != "-l").Take(2));
        Assert.Equal(["-i", "$(id)"], argv.SkipWhile(a => a != "-i").Take(2));
        Assert.Equal("relay.example", argv[dashes + 1]);
        Assert.Equal(dashes + 3, argv.Count);
        Assert.Contains("BatchMode=yes", argv);
    }

    [Fact]
    public void Should_build_the_remote_script_from_formatted_addresses_only_When_several_targets_share_a_relay()
    {
        IPAddress[] targets = [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1"), IPAddress.Parse("192.0.2.1")];

        string linux = SshRelayCommand.RemoteScript(null, targets, s_timing);
        string bsd = SshRelayCommand.RemoteScript("FreeBSD", targets, s_timing);

        Assert.Equal("""
            export LC_ALL=C
            (ping -n -O -i 0.5 -W 1 192.0.2.1 2>&1 | while IFS= read -r l; do printf '%s %s\n' 192.0.2.1 "$l"; done) &
            (ping -n -O -i 0.5 -W 1 2001:db8::1 2>&1 | while IFS= read -r l; do printf '%s %s\n' 2001:db8::1 "$l"; done) &
            wait
            """, linux);
        Assert.Contains("(ping6 -n -i 0.5 2001:db8::1 2>&1", bsd, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("Linux", true)]
    [InlineData("macOS", true)]
    [InlineData("RouterOS", false)]
    public void Should_accept_only_pings_it_can_read_When_checking_os(string? os, bool supported) =>
        Assert.Equal(supported, SshRelayProbeSpec.UnsupportedOs(os) is null);
}
