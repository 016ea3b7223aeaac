using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;

namespace DeadMan.Core.Tests.Probing;

public class EchoPacketTests
{
    private const ulong Cookie = 0x0123456789ABCDEF;

    [Fact]
    public void Should_verify_to_zero_When_checksum_is_included()
    {
        // Given
        byte[] packet = new byte[EchoPacket.Length];

        // When
        EchoPacket.WriteRequest(packet, ipv6: false, identifier: 0x1234, sequence: 7, Cookie, nonce: 42);

        // Then: RFC 1071, the sum over a packet with its checksum in place is zero
        Assert.Equal(0, EchoPacket.Checksum(packet));
        Assert.Equal([8, 0], packet[..2]);
        Assert.Equal([0x12, 0x34, 0x00, 0x07], packet[4..8]);
    }

    // Issue 11: an oracle from outside our code. iputils ping (-s 16) sent this request on loopback, captured with a
    // raw socket; the kernel answered with the reply below. Their checksums were computed by iputils and the kernel.
    private static readonly byte[] s_iputilsRequest = Convert.FromHexString("0800263148f40001f044086b000000009029000000000000");
    private static readonly byte[] s_kernelReply = Convert.FromHexString("00002e3148f40001f044086b000000009029000000000000");

    [Fact]
    public void Should_write_the_bytes_iputils_sends_When_given_the_same_fields()
    {
        // Given: iputils' identifier and sequence; its 16-byte timestamp read as our cookie, nonce and padding
        byte[] packet = new byte[EchoPacket.Length];

        // When
        EchoPacket.WriteRequest(packet, ipv6: false, identifier: 0x48F4, sequence: 1, cookie: 0xF044086B00000000, nonce: 0x90290000);

        // Then: the same bytes, checksum included
        Assert.Equal(Convert.ToHexString(s_iputilsRequest), Convert.ToHexString(packet));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_compute_the_checksum_iputils_and_the_kernel_computed_When_given_their_packets(bool request)
    {
        // Given
        byte[] packet = (request ? s_iputilsRequest : s_kernelReply).ToArray();
        ushort theirs = (ushort)((packet[2] << 8) | packet[3]);
        packet[2] = packet[3] = 0;

        // Then
        Assert.Equal(theirs, EchoPacket.Checksum(packet));
    }

    [Fact]
    public void Should_read_identifier_sequence_and_nonce_When_reply_echoes_our_request()
    {
        // Given: the reply is our request with type 0 (what the kernel echoes back), behind a 20-byte IPv4 header with TTL 61
        byte[] request = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(request, false, 0x1234, 7, Cookie, 42);
        request[0] = EchoPacket.EchoReplyV4;
        byte[] ipHeader = new byte[20];
        ipHeader[0] = 0x45;
        ipHeader[8] = 61;

        // When
        bool read = EchoPacket.TryRead(ipHeader.Concat(request).ToArray(), ipv6: false, withIpv4Header: true, Cookie, out IcmpMessage message);

        // Then
        Assert.True(read);
        Assert.False(message.IsError);
        Assert.Equal((ushort)0x1234, message.Identifier);
        Assert.Equal((ushort)7, message.Sequence);
        Assert.Equal(42u, message.Nonce);
        Assert.True(message.CookieMatches);
        Assert.Equal((byte)61, message.Ttl);
    }

    [Fact]
    public void Should_not_match_cookie_When_reply_belongs_to_another_program()
    {
        // Given: a reply of iputils ping (its own payload)
        byte[] foreign = new byte[64];
        foreign[0] = EchoPacket.EchoReplyV6;

        // When
        EchoPacket.TryRead(foreign, ipv6: true, withIpv4Header: false, Cookie, out IcmpMessage message);

        // Then
        Assert.False(message.CookieMatches);
    }

    [Fact]
    public void Should_read_quoted_request_When_router_says_host_unreachable()
    {
        // Given: type 3 code 1, quoting our request's IPv4 header (to 198.18.0.9) and its first 8 bytes
        byte[] quotedHeader = new byte[20];
        quotedHeader[0] = 0x45;
        byte[] destination = [198, 18, 0, 9];
        destination.CopyTo(quotedHeader, 16);
        byte[] request = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(request, false, 0xBEEF, 300, Cookie, 1);
        byte[] error = [3, 1, 0, 0, 0, 0, 0, 0, .. quotedHeader, .. request[..8]];

        // When
        bool read = EchoPacket.TryRead(error, ipv6: false, withIpv4Header: false, Cookie, out IcmpMessage message);

        // Then
        Assert.True(read);
        Assert.True(message.IsError);
        Assert.Equal((byte)1, message.Code);
        Assert.Equal((ushort)0xBEEF, message.Identifier);
        Assert.Equal((ushort)300, message.Sequence);
        Assert.Equal(destination, message.QuotedDestination.ToArray());
    }

    [Theory]
    [InlineData(false, new byte[] { 3, 4, 0, 0, 0, 0, 0x05, 0x78 })]
    [InlineData(true, new byte[] { 2, 0, 0, 0, 0, 0, 0x05, 0x78 })]
    public void Should_read_the_mtu_When_a_router_says_the_echo_is_too_big(bool ipv6, byte[] header)
    {
        // Given: fragmentation needed (IPv4, MTU in the last two bytes) or packet too big (IPv6, all four), quoting our request
        byte[] quotedHeader = new byte[ipv6 ? 40 : 20];
        quotedHeader[0] = ipv6 ? (byte)0x60 : (byte)0x45;
        byte[] request = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(request, ipv6, 0xBEEF, 301, Cookie, 1);
        byte[] error = [.. header, .. quotedHeader, .. request[..8]];

        // When
        bool read = EchoPacket.TryRead(error, ipv6, withIpv4Header: false, Cookie, out IcmpMessage message);

        // Then
        Assert.True(read);
        Assert.Equal((true, (ushort)301, 1400u), (message.IsError, message.Sequence, message.Mtu));
        ProbeResult described = IcmpErrors.Describe(ipv6, message.Type, message.Code, ipv6 ? new byte[16] : [198, 18, 1, 1], message.Mtu);
        Assert.Equal((ProbeOutcome.TooBig, (int?)1400), (described.Outcome, IcmpErrors.MtuOf(described)));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x45, 0, 0 })]
    [InlineData(new byte[] { 3, 1, 0, 0, 0, 0, 0, 0, 0x45 })]
    [InlineData(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0 })]
    public void Should_reject_When_packet_is_truncated_or_not_a_reply(byte[] packet)
    {
        Assert.False(EchoPacket.TryRead(packet, ipv6: false, withIpv4Header: false, Cookie, out _));
    }
}
