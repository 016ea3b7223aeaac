using System.Net;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Probing;

/// <summary>Issue 11: every probe ends exactly once, and no packet is matched to a probe it does not answer.</summary>
public class ReplyDemuxTests
{
    private const ulong Cookie = 0x0123456789ABCDEF;
    private static readonly byte[] s_pinged = [192, 0, 2, 1];
    private static readonly byte[] s_other = [192, 0, 2, 9];
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSink _sink = new();
    private readonly ReplyDemux _demux;
    private readonly EchoWaiter _waiter;

    public ReplyDemuxTests()
    {
        _demux = new ReplyDemux(ipv6: false, withIpHeader: false, identifier: null, Cookie, _time, TimeSpan.FromSeconds(1));
        _waiter = new EchoWaiter(7, IcmpDestination.For(new IPAddress(s_pinged)), _sink);
    }

    private static byte[] Reply(ushort sequence, uint nonce)
    {
        byte[] packet = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(packet, false, 0x1234, sequence, Cookie, nonce);
        packet[0] = EchoPacket.EchoReplyV4;
        return packet;
    }

    private void Accept(byte[] packet, byte[] from) => _demux.Accept(packet, from, new ReceivedPacket(ReceiveStatus.Packet, packet.Length, from.Length, 64, 0, 0, 0, 0));

    [Fact]
    public void Should_end_the_probe_as_no_reply_naming_the_source_When_the_reply_comes_from_another_address()
    {
        // Given
        var (sequence, nonce) = _demux.Register(_waiter, round: 3, out _);

        // When
        Accept(Reply(sequence, nonce), s_other);
        _time.Advance(TimeSpan.FromSeconds(2));
        _demux.Expire(_time.GetTimestamp());

        // Then: one result, no reply, and where the reply came from; no second result from the expiry
        var (target, round, result) = Assert.Single(_sink.Reports);
        Assert.Equal((7, 3L), (target, round));
        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.Equal("reply from 192.0.2.9, not 192.0.2.1", result.Detail);
    }

    [Fact]
    public void Should_drop_and_count_and_still_time_out_When_packets_do_not_answer_the_probe()
    {
        // Given
        var (sequence, nonce) = _demux.Register(_waiter, round: 0, out _);

        // When: a stale nonce, a truncated reply, an error quoting another destination, a stranger's cookie
        Accept(Reply(sequence, nonce + 1), s_pinged);
        Accept(Reply(sequence, nonce)[..12], s_pinged);
        Accept([3, 1, 0, 0, 0, 0, 0, 0, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 1, 0, 0, .. s_other, .. s_other, 8, 0, 0, 0, 0x12, 0x34, (byte)(sequence >> 8), (byte)sequence], s_other);
        byte[] stranger = Reply(sequence, nonce);
        stranger[EchoPacket.CookieOffset] ^= 0xFF;
        Accept(stranger, s_pinged);
        _time.Advance(TimeSpan.FromSeconds(1));
        _demux.Expire(_time.GetTimestamp());

        // Then
        Assert.Equal(4, _demux.Dropped);
        Assert.Equal(ProbeOutcome.Timeout, Assert.Single(_sink.Reports).Result.Outcome);
    }

    [Fact]
    public void Should_report_the_rtt_once_When_the_reply_comes_twice()
    {
        // Given
        var (sequence, nonce) = _demux.Register(_waiter, round: 0, out _);
        _time.Advance(TimeSpan.FromMilliseconds(12));

        // When
        Accept(Reply(sequence, nonce), s_pinged);
        Accept(Reply(sequence, nonce), s_pinged);

        // Then
        var (_, _, result) = Assert.Single(_sink.Reports);
        Assert.Equal(ProbeOutcome.Reply, result.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(12), result.Rtt);
        Assert.Equal(1, _demux.Dropped);
    }

    [Fact]
    public void Should_give_each_probe_its_own_reply_When_more_are_in_flight_than_the_table_first_holds()
    {
        // Given: 1,000 probes in flight (the table starts at 256 slots and grows), answered newest first
        var sent = Enumerable.Range(0, 1000).Select(round => (Round: (long)round, Taken: _demux.Register(_waiter, round, out _))).ToList();

        // When
        _time.Advance(TimeSpan.FromMilliseconds(5));
        foreach (var (_, (sequence, nonce)) in Enumerable.Reverse(sent))
        {
            Accept(Reply(sequence, nonce), s_pinged);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        _demux.Expire(_time.GetTimestamp());

        // Then: one reply per round, none dropped, none timed out
        Assert.Equal(Enumerable.Range(0, 1000).Select(r => (long)r), _sink.Reports.Select(r => r.Round).Order());
        Assert.All(_sink.Reports, r => Assert.Equal(ProbeOutcome.Reply, r.Result.Outcome));
        Assert.Equal(0, _demux.Dropped);
    }
}
