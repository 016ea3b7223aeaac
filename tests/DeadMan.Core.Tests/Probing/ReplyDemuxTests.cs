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
        _demux = new ReplyDemux(ipv6: false, withIpHeader: false, identifier: null, Cookie, _time, new ProbeTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        _waiter = new EchoWaiter(7, IcmpDestination.For(new IPAddress(s_pinged)), _sink);
    }

    private static byte[] Reply(ushort sequence, uint nonce)
    {
        byte[] packet = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(packet, false, 0x1234, sequence, Cookie, nonce);
        packet[0] = EchoPacket.EchoReplyV4;
        return packet;
    }

    // As the engine's receiver does: expire, then send (here: register) the confirmation echoes that are due.
    private List<(ushort Sequence, uint Nonce)> Expire()
    {
        var due = new List<DueConfirmation>();
        _demux.Expire(_time.GetTimestamp(), due);
        return [.. due.Select(_demux.RegisterConfirmation)];
    }

    // Time passes in the receiver's 20 ms slots; what it sends on the way is collected.
    private List<(ushort Sequence, uint Nonce)> Pass(TimeSpan span)
    {
        var sent = new List<(ushort, uint)>();
        for (TimeSpan passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMilliseconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            sent.AddRange(Expire());
        }

        return sent;
    }

    // Rounds answered after rtt, enough of them for the demux to know the host's RTT; the last is round.
    private void Answered(long round, TimeSpan rtt)
    {
        for (long known = round - RttEstimate.Known + 1; known <= round; known++)
        {
            var (sequence, nonce) = _demux.Register(_waiter, known);
            Assert.Empty(Pass(rtt));
            Accept(Reply(sequence, nonce), s_pinged);
        }
    }

    // A host known to answer in 2 ms (its reports forgotten) and the echo of its round 1, sent now.
    private (ushort Sequence, uint Nonce) KnownHostSendsRound1()
    {
        Answered(0, TimeSpan.FromMilliseconds(2));
        _sink.Reports.Clear();
        return _demux.Register(_waiter, round: 1);
    }

    private void Accept(byte[] packet, byte[] from) => _demux.Accept(packet, from, new ReceivedPacket(ReceiveStatus.Packet, packet.Length, from.Length, 64, 0, 0, 0, 0));

    [Fact]
    public void Should_end_the_probe_as_no_reply_naming_the_source_When_the_reply_comes_from_another_address()
    {
        // Given
        var (sequence, nonce) = _demux.Register(_waiter, round: 3);

        // When
        Accept(Reply(sequence, nonce), s_other);
        _time.Advance(TimeSpan.FromSeconds(2));
        Expire();

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
        var (sequence, nonce) = _demux.Register(_waiter, round: 0);

        // When: a stale nonce, a truncated reply, an error quoting another destination, a stranger's cookie
        Accept(Reply(sequence, nonce + 1), s_pinged);
        Accept(Reply(sequence, nonce)[..12], s_pinged);
        Accept([3, 1, 0, 0, 0, 0, 0, 0, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 1, 0, 0, .. s_other, .. s_other, 8, 0, 0, 0, 0x12, 0x34, (byte)(sequence >> 8), (byte)sequence], s_other);
        byte[] stranger = Reply(sequence, nonce);
        stranger[EchoPacket.CookieOffset] ^= 0xFF;
        Accept(stranger, s_pinged);
        _time.Advance(TimeSpan.FromSeconds(1));
        Expire();

        // Then
        Assert.Equal(4, _demux.Dropped);
        Assert.Equal(ProbeOutcome.Timeout, Assert.Single(_sink.Reports).Result.Outcome);
    }

    [Fact]
    public void Should_report_the_rtt_once_When_the_reply_comes_twice()
    {
        // Given
        var (sequence, nonce) = _demux.Register(_waiter, round: 0);
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
        var sent = Enumerable.Range(0, 1000).Select(round => (Round: (long)round, Taken: _demux.Register(_waiter, round))).ToList();

        // When
        _time.Advance(TimeSpan.FromMilliseconds(5));
        foreach (var (_, (sequence, nonce)) in Enumerable.Reverse(sent))
        {
            Accept(Reply(sequence, nonce), s_pinged);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        Expire();

        // Then: one reply per round, none dropped, none timed out
        Assert.Equal(Enumerable.Range(0, 1000).Select(r => (long)r), _sink.Reports.Select(r => r.Round).Order());
        Assert.All(_sink.Reports, r => Assert.Equal(ProbeOutcome.Reply, r.Result.Outcome));
        Assert.Equal(0, _demux.Dropped);
    }

    [Fact]
    public void Should_confirm_twice_and_say_silent_long_before_the_timeout_When_a_LAN_host_stops_answering()
    {
        // Given: a host that answers in 2 ms
        KnownHostSendsRound1();

        // When: nothing answers for 300 ms
        var first = Pass(TimeSpan.FromMilliseconds(60));
        var second = Pass(TimeSpan.FromMilliseconds(50));
        var verdictBefore = _sink.Verdicts.Count;
        Pass(TimeSpan.FromMilliseconds(60));

        // Then: one confirmation when overdue (the 50 ms floor), one 50 ms later, the verdict 50 ms after that
        Assert.Single(first);
        Assert.Single(second);
        Assert.Equal(0, verdictBefore);
        Assert.Equal((7, 1L, false), Assert.Single(_sink.Verdicts));
        Assert.Empty(_sink.Reports);
    }

    [Fact]
    public void Should_count_a_late_reply_as_received_When_the_round_was_judged_silent()
    {
        // Given
        var (sequence, nonce) = KnownHostSendsRound1();
        Pass(TimeSpan.FromMilliseconds(350));

        // When
        Accept(Reply(sequence, nonce), s_pinged);
        Pass(TimeSpan.FromSeconds(1));

        // Then: silent, then the round ends in its reply, with the two confirmations it cost
        Assert.Equal((7, 1L, false), Assert.Single(_sink.Verdicts));
        var (_, round, result) = _sink.Reports.Last();
        Assert.Equal((1L, ProbeOutcome.Reply, (byte)2), (round, result.Outcome, result.Confirmations));
        Assert.Equal(350, result.Rtt!.Value.TotalMilliseconds, 0.001);
    }

    [Fact]
    public void Should_say_the_host_answers_at_once_and_still_count_the_round_lost_When_only_a_confirmation_is_answered()
    {
        // Given
        KnownHostSendsRound1();
        var (sequence, nonce) = Assert.Single(Pass(TimeSpan.FromMilliseconds(60)));

        // When: the confirmation is answered, the round's own echo never is
        Accept(Reply(sequence, nonce), s_pinged);
        var verdicts = _sink.Verdicts.ToList();
        var later = Pass(TimeSpan.FromSeconds(1));

        // Then: "answers" at once, no second confirmation, no silent verdict; the round lost, the host alive
        Assert.Equal((7, 1L, true), Assert.Single(verdicts));
        Assert.Empty(later);
        Assert.Single(_sink.Verdicts);
        var (_, _, result) = _sink.Reports.Last();
        Assert.Equal((ProbeOutcome.Timeout, true, (byte)1), (result.Outcome, result.HostAnswered, result.Confirmations));
    }

    [Fact]
    public void Should_ask_again_every_quarter_second_until_the_round_ends_When_the_verdict_was_silent()
    {
        // Given
        KnownHostSendsRound1();

        // When
        var sent = Pass(TimeSpan.FromSeconds(1.5));

        // Then: two confirmations, then one every 250 ms from the verdict (at about 150 ms) until the timeout at 1 s
        Assert.Equal(2 + 3, sent.Count);
        Assert.Equal(ProbeOutcome.Timeout, _sink.Reports.Last().Result.Outcome);
    }

    [Fact]
    public void Should_not_call_a_reply_overdue_When_the_host_jitters_between_5_and_205_ms()
    {
        // Given: a host whose replies take 5 to 205 ms, at random
        var random = new Random(32);
        var confirmations = new List<(ushort, uint)>();

        // When
        for (long round = 0; round < 200; round++)
        {
            var (sequence, nonce) = _demux.Register(_waiter, round);
            confirmations.AddRange(Pass(TimeSpan.FromMilliseconds(5 + random.Next(0, 201))));
            Accept(Reply(sequence, nonce), s_pinged);
        }

        // Then: a reply at its usual worst is not overdue (the first rounds, before the peak is learnt, excepted)
        Assert.True(confirmations.Count <= 4, $"{confirmations.Count} confirmation echoes for a host that always answered");
        Assert.DoesNotContain(_sink.Verdicts, v => !v.Answers);
    }

    [Fact]
    public void Should_confirm_only_its_first_silent_round_When_the_host_never_answered()
    {
        // Given: a host never heard from
        _demux.Register(_waiter, round: 0);

        // When: two rounds pass in silence
        var first = Pass(TimeSpan.FromSeconds(1));
        _demux.Register(_waiter, round: 1);
        var second = Pass(TimeSpan.FromSeconds(1.2));

        // Then: late enough for any RTT the timeout allows (0.4 of it less the spacing), a verdict before the
        // timeout, then nothing more: no recovery echoes for a host that was never there
        Assert.Equal(2, first.Count);
        Assert.Empty(second);
        Assert.Equal((7, 0L, false), Assert.Single(_sink.Verdicts));
        Assert.Equal(2, _sink.Reports.Count);
    }

    [Fact]
    public void Should_not_learn_the_rtt_of_an_echo_sent_while_the_host_was_silent_When_it_answers_late()
    {
        // Given: a 2 ms host judged silent in round 1, whose next round's echo sat in a neighbour queue for 900 ms
        KnownHostSendsRound1();
        Pass(TimeSpan.FromSeconds(1));
        var (sequence, nonce) = _demux.Register(_waiter, round: 2);
        Pass(TimeSpan.FromMilliseconds(900));
        Accept(Reply(sequence, nonce), s_pinged);

        // When: the host stops answering again
        _demux.Register(_waiter, round: 3);
        var sent = Pass(TimeSpan.FromMilliseconds(60));

        // Then: still overdue after 50 ms, as before the outage, not after the 900 ms a learnt delay would give
        Assert.Single(sent);
    }

    [Fact]
    public void Should_send_only_the_rounds_echoes_When_a_host_has_been_silent_longer_than_recovery_echoes_go_on()
    {
        // Given: a known host silent for as many rounds as recovery echoes are sent
        KnownHostSendsRound1();
        Pass(TimeSpan.FromSeconds(1));
        for (long round = 2; round <= ReplyDemux.RecoveryRounds; round++)
        {
            _demux.Register(_waiter, round);
            Assert.NotEmpty(Pass(TimeSpan.FromSeconds(1)));
        }

        // When: the rounds after that
        _demux.Register(_waiter, ReplyDemux.RecoveryRounds + 1);
        var last = Pass(TimeSpan.FromSeconds(1));
        _demux.Register(_waiter, ReplyDemux.RecoveryRounds + 2);
        var after = Pass(TimeSpan.FromSeconds(1));

        // Then: the last silent round within the limit is still confirmed (no recovery echoes after it), then none
        Assert.Equal(ReplyDemux.Confirmations, last.Count);
        Assert.Empty(after);
    }
    // The kernel hands our own request back on the error queue (a neighbour that failed to resolve: host unreachable).
    private void Refused((ushort Sequence, uint Nonce) echo)
    {
        byte[] request = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(request, false, 0x1234, echo.Sequence, Cookie, echo.Nonce);
        _demux.AcceptQueuedError(request, s_pinged, [], new ReceivedPacket(ReceiveStatus.QueuedError, request.Length, s_pinged.Length, null, 3, 1, 113, 0));
    }

    [Fact]
    public void Should_name_the_mtu_and_the_router_When_a_ping_socket_queues_fragmentation_needed()
    {
        // Given
        var echo = KnownHostSendsRound1();
        byte[] request = new byte[EchoPacket.Length];
        EchoPacket.WriteRequest(request, false, 0x1234, echo.Sequence, Cookie, echo.Nonce);

        // When: the kernel queues "fragmentation needed" (EMSGSIZE, type 3 code 4, MTU in ee_info) from a router
        _demux.AcceptQueuedError(request, s_pinged, s_other,
            new ReceivedPacket(ReceiveStatus.QueuedError, request.Length, s_pinged.Length, null, 3, 4, 90, 0) { ErrorInfo = 1400, OffenderLength = 4 });

        // Then
        var (_, round, result) = Assert.Single(_sink.Reports);
        Assert.Equal((1L, ProbeOutcome.TooBig, "too big: MTU 1400 at 192.0.2.9"), (round, result.Outcome, result.Detail));
    }

    [Fact]
    public void Should_fail_the_round_saying_which_size_got_through_When_only_a_confirmation_of_a_long_echo_is_answered()
    {
        // Given: a target whose echoes carry 1472 bytes, known to answer in 2 ms, its round 1 sent
        var sized = new EchoWaiter(8, IcmpDestination.For(new IPAddress(s_pinged)), _sink, 1472);
        for (long known = 1 - RttEstimate.Known; known <= 0; known++)
        {
            var (sequence, nonce) = _demux.Register(sized, known);
            Assert.Empty(Pass(TimeSpan.FromMilliseconds(2)));
            Accept(Reply(sequence, nonce), s_pinged);
        }

        _sink.Reports.Clear();
        _demux.Register(sized, round: 1);
        var (confirmation, confirmationNonce) = Assert.Single(Pass(TimeSpan.FromMilliseconds(60)));

        // When: the confirmation (ping's size) is answered, the long echo never is
        Accept(Reply(confirmation, confirmationNonce), s_pinged);
        Pass(TimeSpan.FromSeconds(1));

        // Then: no "answers" verdict; the round ends as a lost echo that counts as a failure, saying why
        Assert.Empty(_sink.Verdicts);
        var (_, _, result) = Assert.Single(_sink.Reports);
        Assert.Equal((ProbeOutcome.Timeout, false, "1472 B lost, 56 B answered"), (result.Outcome, result.HostAnswered, result.Detail));
    }

    [Fact]
    public void Should_end_the_round_at_once_with_the_error_When_the_echo_of_a_host_that_answers_is_refused()
    {
        // Given: a host that answers, its round 1 sent
        var echo = KnownHostSendsRound1();

        // When: the kernel returns the echo as unreachable
        Refused(echo);

        // Then: the round ends now, with that error
        var (_, round, result) = Assert.Single(_sink.Reports);
        Assert.Equal((1L, ProbeOutcome.Unreachable), (round, result.Outcome));
    }

    [Fact]
    public void Should_go_on_with_recovery_echoes_and_say_the_error_at_the_rounds_end_When_a_silent_hosts_echo_is_refused()
    {
        // Given: a host judged silent in round 1 (its link pulled), its round 2 sent into a neighbour queue
        KnownHostSendsRound1();
        Pass(TimeSpan.FromSeconds(1));
        _sink.Reports.Clear();
        var echo = _demux.Register(_waiter, round: 2);
        Pass(TimeSpan.FromMilliseconds(60));

        // When: the neighbour entry fails and the kernel returns the held echoes, and the host is back
        Refused(echo);
        var sent = Pass(TimeSpan.FromMilliseconds(450));
        Accept(Reply(sent[^1].Sequence, sent[^1].Nonce), s_pinged);

        // Then: no report at the error; a recovery echo still went out, and its answer says the host answers
        Assert.Empty(_sink.Reports);
        Assert.Contains((7, 2L, true), _sink.Verdicts);

        // And at the round's end its own echo's error is said, the host answering
        Pass(TimeSpan.FromMilliseconds(600));
        var (_, round, result) = Assert.Single(_sink.Reports);
        Assert.Equal((2L, ProbeOutcome.Unreachable, true), (round, result.Outcome, result.HostAnswered));
    }
}
