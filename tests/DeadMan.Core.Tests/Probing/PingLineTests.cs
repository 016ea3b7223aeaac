using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;

namespace DeadMan.Core.Tests.Probing;

/// <summary>Lines as iputils and BSD/macOS ping print them (LC_ALL=C), and the mangled ones a fuzzer found (issue 11).</summary>
public class PingLineTests
{
    [Theory]
    [InlineData("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.022 ms", ProbeOutcome.Reply, 1L)]
    [InlineData("64 bytes from 2001:db8::1: icmp_seq=7 hlim=64 time=0.051 ms", ProbeOutcome.Reply, 7L)]
    [InlineData("64 bytes from 192.0.2.1: icmp_seq=0 ttl=64 time=0.045 ms", ProbeOutcome.Reply, 0L)]
    [InlineData("no answer yet for icmp_seq=3", ProbeOutcome.Timeout, 3L)]
    [InlineData("Request timeout for icmp_seq 4", ProbeOutcome.Timeout, 4L)]
    [InlineData("From 198.18.0.1 icmp_seq=2 Destination Host Unreachable", ProbeOutcome.Unreachable, 2L)]
    [InlineData("From 198.18.1.1 icmp_seq=5 Time to live exceeded", ProbeOutcome.TimeExceeded, 5L)]
    [InlineData("From 198.18.1.1 icmp_seq=6 Frag needed and DF set (mtu = 1400)", ProbeOutcome.TooBig, 6L)]
    [InlineData("From fdde:ad:1::1 icmp_seq=8 Packet too big: mtu=1400", ProbeOutcome.TooBig, 8L)]
    public void Should_read_the_outcome_and_sequence_When_ping_prints_a_result(string line, ProbeOutcome outcome, long sequence)
    {
        Assert.True(PingLine.TryParse(line, out ProbeResult result, out long? seq));
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(sequence, seq);
    }

    [Fact]
    public void Should_name_the_mtu_and_the_router_When_ping_says_fragmentation_is_needed()
    {
        Assert.True(PingLine.TryParse("From 198.18.1.1 icmp_seq=6 Frag needed and DF set (mtu = 1400)", out ProbeResult result));
        Assert.Equal("too big: MTU 1400 at 198.18.1.1", result.Detail);
    }

    [Fact]
    public void Should_say_too_big_for_this_hosts_link_When_ping_with_df_cannot_send()
    {
        Assert.True(PingLine.TryParse("ping: local error: message too long, mtu=1400", out ProbeResult result, out long? sequence));
        Assert.Equal((ProbeOutcome.TooBig, "too big: MTU 1400 on this host's own link", (long?)null), (result.Outcome, result.Detail, sequence));
    }

    [Theory]
    [InlineData("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0063.1.0..045 ms")]
    [InlineData("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=99999999999999999999999 ms")]
    [InlineData("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms (DUP!)")]
    [InlineData("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.")]
    public void Should_take_no_result_When_the_line_is_not_a_result_or_is_mangled(string line)
    {
        Assert.False(PingLine.TryParse(line, out _, out _));
    }
}
