using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using DeadMan.Core.Platform;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// The probes of one socket that wait for an answer, and the rules that give each packet read from the socket to
/// at most one of them: an echo reply by sequence, payload cookie and nonce (and identifier on raw sockets), an
/// error by sequence and the destination it quotes. Every probe ends exactly once — in a reply, an error or a
/// timeout, which expire in send order (the timeout is the same for all). A reply to our probe that comes from
/// another address than the one pinged (a router answering from its uplink, a NAT, an anycast node) ends that probe
/// as no reply, with a note saying where it came from. Whatever else arrives is dropped and counted.
/// A reply overdue by the host's own measure (<see cref="RttEstimate"/>) sends <see cref="Confirmations"/> more
/// echoes <see cref="ConfirmationSpacing"/> apart; their silence gives the round a verdict at once ("silent"), long
/// before its timeout, and an answer to any of them says the host is alive ("answers"). The round's own echo still
/// ends as before: its reply within the timeout is a reply, whatever the verdict said. After a silent verdict, one
/// more echo every <see cref="RecoverySpacing"/> until the round ends lets a host that answers again be seen at once,
/// for <see cref="RecoveryRounds"/> silent rounds in a row at most; after that its rounds go unconfirmed until it
/// answers one (a hall switched off stays quiet). An error for the echo of a round that recovery echoes watch (the
/// neighbour entry of a host back from a pulled link failing, which returns every echo it held) is said when the
/// round ends, not at once, so the recovery echoes go on: the next one finds the host (measured: green 0.3 s after
/// the link came back instead of at the next round, up to 1.9 s).
/// One thread uses it, the engine's loop (through <see cref="IcmpEngine.Pump"/>), so it takes no lock.
/// </summary>
internal sealed class ReplyDemux
{
    // One slot per sequence number would be 2.6 MB per socket family, used or not; the table starts small and
    // doubles while a sequence's slot is still taken, so it stays a power of two above the probes in flight.
    private const int MaxSlots = 1 << 16;
    private const int FirstSlots = 256;

    /// <summary>Echoes that confirm an overdue reply; with 30 % random loss all three echoes are lost in 2.7 % of rounds.</summary>
    public const int Confirmations = 2;

    public static readonly TimeSpan ConfirmationSpacing = TimeSpan.FromMilliseconds(50);

    /// <summary>No reply is overdue sooner than this: a LAN host's RTT is far below, a scheduler's hiccup is not.</summary>
    public static readonly TimeSpan OverdueFloor = TimeSpan.FromMilliseconds(50);

    public static readonly TimeSpan RecoverySpacing = TimeSpan.FromMilliseconds(250);

    public const int RecoveryRounds = 60;

    private readonly bool _ipv6;
    private readonly bool _withIpHeader;
    private readonly ushort? _identifier;
    private readonly ulong _cookie;
    private readonly TimeProvider _time;
    private readonly long _timeoutTicks;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _untilKnown;
    private readonly bool _recovers;
    private Pending[] _slots = new Pending[FirstSlots];
    private readonly Queue<(ushort Sequence, uint Nonce)> _sendOrder = new();
    private readonly PriorityQueue<Step, long> _steps = new();
    private readonly List<Pending> _expired = [];
    private readonly List<(EchoWaiter Waiter, long Round, bool Answers)> _verdicts = [];
    private readonly Dictionary<ushort, (uint Nonce, ProbeResult Failure)> _heldFailures = [];
    private ushort _nextSequence;
    private uint _nextNonce;
    private long _dropped;

    /// <param name="identifier">On raw sockets, the identifier our requests carry; null on ping sockets, where the kernel filters by it.</param>
    public ReplyDemux(bool ipv6, bool withIpHeader, ushort? identifier, ulong cookie, TimeProvider time, ProbeTiming timing)
    {
        _ipv6 = ipv6;
        _withIpHeader = withIpHeader;
        _identifier = identifier;
        _cookie = cookie;
        _time = time;
        _timeout = timing.Timeout;
        _timeoutTicks = Ticks(timing.Timeout);
        // Until a host's RTT is known, overdue late enough that the verdict still comes before the timeout, at
        // 0.85 of it (at 1 s: confirmations at 380 and 430 ms, the verdict at 810 ms).
        _untilKnown = (timing.Timeout - ConfirmationSpacing) * 0.4;
        // With rounds closer than that, the next round's echo comes about as soon.
        _recovers = timing.Interval >= 2 * RecoverySpacing;
    }

    public ulong Cookie => _cookie;

    /// <summary>Packets that answered none of our probes: other programs' pings, strays, truncated or hostile bytes.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True while an echo sent is still waiting to be answered or expired.</summary>
    public bool Waiting => _sendOrder.Count > 0;

    /// <summary>Takes a sequence number and nonce for a probe about to be sent.</summary>
    public (ushort Sequence, uint Nonce) Register(EchoWaiter waiter, long round)
    {
        long now = _time.GetTimestamp();
        (ushort, uint) taken = Store(new Pending(waiter, round, now, _time.GetUtcNow().UtcTicks, 0, 0) { SentToSilentHost = waiter.SilentRounds > 0 });
        // Confirming is worth it only when the verdict comes before the timeout would.
        if (OverdueAfter(waiter) is { } overdue && (2 * overdue) + ConfirmationSpacing < _timeout)
        {
            _steps.Enqueue(new Step(taken.Item1, taken.Item2, StepKind.Overdue), now + Ticks(overdue));
        }

        ReportExpired();
        return taken;
    }

    /// <summary>Takes a sequence number and nonce for a confirmation echo about to be sent for the round <paramref name="due"/> names.</summary>
    public (ushort Sequence, uint Nonce) RegisterConfirmation(DueConfirmation due)
    {
        ref Pending original = ref Slot(due.Sequence);
        if (original.Waiter is not null && original.Nonce == due.Nonce)
        {
            original = original with { Confirmations = (byte)(original.Confirmations + 1) };
        }

        (ushort, uint) taken = Store(new Pending(due.Waiter, -1, _time.GetTimestamp(), _time.GetUtcNow().UtcTicks, 0, 0)
        {
            Confirms = (due.Sequence, due.Nonce),
            SentToSilentHost = due.Waiter.SilentRounds > 0,
        });

        ReportExpired();
        return taken;
    }

    // The next sequence and nonce, a slot for them (the table grows while it is taken), and the echo
    // in it, waiting in send order.
    private (ushort Sequence, uint Nonce) Store(Pending pending)
    {
        ushort sequence = _nextSequence++;
        uint nonce = ++_nextNonce;
        while (_slots.Length < MaxSlots && Slot(sequence).Waiter is not null)
        {
            Grow();
        }

        // Only with more than 65,536 probes in flight does a sequence come round while still pending.
        if (Slot(sequence).Waiter is not null)
        {
            _expired.Add(Slot(sequence));
        }

        Slot(sequence) = pending with { Nonce = nonce, Sequence = sequence };
        _sendOrder.Enqueue((sequence, nonce));
        return (sequence, nonce);
    }

    /// <summary>The send itself failed (errno): the probe ends with that error.</summary>
    public void SendFailed(ushort sequence, uint nonce, int errno)
    {
        if (TryTake(sequence, nonce, out Pending failed) && failed.Confirms is null)
        {
            failed.Report(errno == LinuxNative.EMsgSize
                ? ProbeResult.Failed(ProbeOutcome.TooBig, $"too big for this host's own link ({failed.Waiter!.PayloadBytes.ToString(CultureInfo.InvariantCulture)} B of payload)")
                : ProbeResult.Failed(errno is LinuxNative.ENetUnreach or LinuxNative.EHostUnreach ? ProbeOutcome.Unreachable : ProbeOutcome.Error,
                                     Marshal.GetPInvokeErrorMessage(errno)));
        }
    }

    /// <summary>A packet read from the socket, with the address it came from.</summary>
    public void Accept(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> peer, ReceivedPacket packet)
    {
        if (!EchoPacket.TryRead(data, _ipv6, _withIpHeader, _cookie, out IcmpMessage message) || (_identifier is { } id && message.Identifier != id))
        {
            Drop();
            return;
        }

        if (message.IsError)
        {
            // An error quotes only the start of our request, so the sequence and the quoted destination must do.
            if (TryTakeErrored(message.Sequence, message.QuotedDestination.Span, out Pending errored))
            {
                Failed(errored, IcmpErrors.Describe(_ipv6, message.Type, message.Code, peer, message.Mtu), peer, packet);
            }
            else
            {
                Drop();
            }

            return;
        }

        if (!message.CookieMatches || !TryTake(message.Sequence, message.Nonce, out Pending answered))
        {
            Drop();
            return;
        }

        if (!answered.Waiter!.Destination.Is(peer))
        {
            if (answered.Confirms is null)
            {
                answered.Report(ProbeResult.Failed(ProbeOutcome.Timeout, $"reply from {Describe(peer)}, not {answered.Waiter.Destination.Address}"));
            }

            return;
        }

        // A reply read just after its deadline (sockets are read once a slot) is as late as one never seen.
        TimeSpan rtt = RoundTrip(answered, packet);
        bool late = rtt.Ticks * _time.TimestampFrequency > _timeoutTicks * TimeSpan.TicksPerSecond;
        if (!late)
        {
            Answered(answered, rtt);
        }

        if (answered.Confirms is null)
        {
            answered.Report(late ? ProbeResult.Timeout() : ProbeResult.Reply(rtt, packet.Ttl ?? message.Ttl));
        }

        ReportVerdicts();
    }

    // The host answered: its estimate learns the RTT, and an answer to a confirmation marks its round as answered
    // and says so at once (the first time), for a row waiting to turn green. An echo sent while the host was silent
    // teaches nothing (Karn's rule, in spirit): its delay may be an outage's (a link whose carrier comes back lazily
    // held it in the neighbour queue for most of a second, measured), and learnt, it would keep the host from being
    // confirmed for a dozen rounds.
    private void Answered(Pending answered, TimeSpan rtt)
    {
        EchoWaiter waiter = answered.Waiter!;
        if (!answered.SentToSilentHost)
        {
            waiter.Estimate.Add(rtt);
        }

        waiter.SilentRounds = 0;
        if (answered.Confirms is not { } confirms)
        {
            return;
        }

        ref Pending original = ref Slot(confirms.Sequence);
        if (original.Waiter is null || original.Nonce != confirms.Nonce || original.HostAnswered || original.SmallAnswered)
        {
            return;
        }

        // For an echo of another size, the host being there is not the answer asked for: its round goes on to its
        // own reply or timeout, which then says that ping's size got through ("1472 B lost, 56 B answered").
        if (waiter.Sized)
        {
            original = original with { SmallAnswered = true };
            return;
        }

        original = original with { HostAnswered = true };
        _verdicts.Add((waiter, original.Round, true));
    }

    /// <summary>
    /// An error from a ping socket's error queue: the kernel hands back our own request, so sequence and nonce match
    /// exactly; <paramref name="destination"/> is where that request went.
    /// </summary>
    /// <param name="sender">Who sent the error, when it came from the network (4 or 16 bytes), else empty.</param>
    public void AcceptQueuedError(ReadOnlySpan<byte> request, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> sender, ReceivedPacket packet)
    {
        if (request.Length < EchoPacket.Length
            || BinaryPrimitives.ReadUInt64BigEndian(request[EchoPacket.CookieOffset..]) != _cookie
            || !TryTakeErrored(BinaryPrimitives.ReadUInt16BigEndian(request[EchoPacket.SequenceOffset..]), destination, out Pending errored,
                               BinaryPrimitives.ReadUInt32BigEndian(request[EchoPacket.NonceOffset..])))
        {
            Drop();
            return;
        }

        Failed(errored, packet.ErrorType != 0
            ? IcmpErrors.Describe(_ipv6, packet.ErrorType, packet.ErrorCode, sender, packet.ErrorInfo)
            : packet.ErrorNumber == LinuxNative.EMsgSize
                ? ProbeResult.Failed(ProbeOutcome.TooBig, $"too big: MTU {packet.ErrorInfo.ToString(CultureInfo.InvariantCulture)} on this host's own link")
                : ProbeResult.Failed(ProbeOutcome.Unreachable, Marshal.GetPInvokeErrorMessage(packet.ErrorNumber)), sender, packet);
    }

    // An error to a confirmation ends that echo only: the round's own echo says how the round went. An error to the
    // echo of a round whose host is being recovered leaves the round waiting, its error held for its end. A trace's
    // echo keeps who sent the error and when it came: that is the hop.
    private void Failed(Pending errored, ProbeResult failure, ReadOnlySpan<byte> sender, ReceivedPacket packet)
    {
        if (errored.Confirms is not null)
        {
            return;
        }

        if (errored.Waiter!.HopLimit != 0)
        {
            errored.Report(failure with { Rtt = RoundTrip(errored, packet), From = sender.Length is 4 or 16 ? new IPAddress(sender) : null });
            return;
        }

        if (Recovering(errored.Waiter!))
        {
            Slot(errored.Sequence) = errored;
            _heldFailures[errored.Sequence] = (errored.Nonce, failure);
            return;
        }

        errored.Report(failure);
    }

    /// <summary>
    /// Ends every probe sent at least a timeout before <paramref name="now"/> and still unanswered, gives the verdicts
    /// that are due, and adds to <paramref name="toSend"/> the confirmation echoes due now.
    /// </summary>
    public void Expire(long now, List<DueConfirmation> toSend)
    {
        TakeSteps(now, toSend);
        while (_sendOrder.TryPeek(out var head))
        {
            Pending pending = Slot(head.Sequence);
            bool settled = pending.Waiter is null || pending.Nonce != head.Nonce;
            if (!settled && now - pending.SentAt < _timeoutTicks)
            {
                break;
            }

            _sendOrder.Dequeue();
            if (!settled)
            {
                Slot(head.Sequence) = default;
                _expired.Add(pending);
            }
        }

        ReportExpired();
        ReportVerdicts();
    }

    // The confirmation steps of rounds whose echo is still waiting; those of ended rounds are let go.
    private void TakeSteps(long now, List<DueConfirmation> toSend)
    {
        while (_steps.TryPeek(out Step step, out long at) && at <= now)
        {
            _steps.Dequeue();
            Pending round = Slot(step.Sequence);
            if (round.Waiter is not { } waiter || round.Nonce != step.Nonce || round.HostAnswered || round.SmallAnswered)
            {
                continue;
            }

            var due = new DueConfirmation(waiter, step.Sequence, step.Nonce);
            switch (step.Kind)
            {
                case StepKind.Overdue:
                    toSend.Add(due);
                    _steps.Enqueue(step with { Kind = StepKind.Confirm }, now + Ticks(ConfirmationSpacing));
                    break;
                case StepKind.Confirm:
                    toSend.Add(due);
                    _steps.Enqueue(step with { Kind = StepKind.Verdict }, now + Ticks(OverdueAfter(waiter) ?? OverdueFloor));
                    break;
                case StepKind.Verdict:
                    _verdicts.Add((waiter, round.Round, false));
                    waiter.SilentRounds++;
                    if (Recovering(waiter))
                    {
                        _steps.Enqueue(step with { Kind = StepKind.Recover }, now + Ticks(RecoverySpacing));
                    }

                    break;
                case StepKind.Recover:
                    toSend.Add(due);
                    _steps.Enqueue(step, now + Ticks(RecoverySpacing));
                    break;
            }
        }
    }

    // Recovery echoes follow each silent verdict of a host that answered before, for so many silent rounds.
    private bool Recovering(EchoWaiter waiter) =>
        _recovers && waiter.HopLimit == 0 && waiter.SilentRounds is > 0 and <= RecoveryRounds && waiter.Estimate.Samples > 0;

    // A host that never answered is confirmed until its first silent verdict, no further: a lone loss in its first
    // rounds must not look like two in a row, and a host dead from the start costs two echoes, not two a round. One
    // silent for longer than recovery echoes go on gets its rounds' echoes alone, until it answers one.
    private TimeSpan? OverdueAfter(EchoWaiter waiter) => waiter.SilentRounds > RecoveryRounds || waiter.HopLimit != 0 ? null
        : waiter.Estimate.Samples > 0 ? waiter.Estimate.OverdueAfter(OverdueFloor, _untilKnown)
        : waiter.SilentRounds == 0 ? _untilKnown : null;

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private ref Pending Slot(ushort sequence) => ref _slots[sequence & (_slots.Length - 1)];

    // Sequences in flight are distinct, so no two of them share a slot of the larger table either.
    private void Grow()
    {
        var slots = new Pending[_slots.Length * 2];
        foreach (Pending pending in _slots)
        {
            if (pending.Waiter is not null)
            {
                slots[pending.Sequence & (slots.Length - 1)] = pending;
            }
        }

        _slots = slots;
    }

    private static string Describe(ReadOnlySpan<byte> peer) => peer.Length is 4 or 16 ? new IPAddress(peer).ToString() : "an unknown address";

    private void Drop() => Interlocked.Increment(ref _dropped);

    // The kernel's receive time when it is sane (the wall clock can step); else when we read the packet.
    private TimeSpan RoundTrip(Pending answered, ReceivedPacket packet)
    {
        if (packet.KernelTimeUnixNanoseconds != 0)
        {
            long receivedTicks = (packet.KernelTimeUnixNanoseconds / 100) + DateTimeOffset.UnixEpoch.UtcTicks;
            var rtt = TimeSpan.FromTicks(receivedTicks - answered.SentUtcTicks);
            if (rtt >= TimeSpan.Zero && rtt <= _time.GetElapsedTime(answered.SentAt))
            {
                return rtt;
            }
        }

        return _time.GetElapsedTime(answered.SentAt);
    }

    private bool TryTake(ushort sequence, uint nonce, out Pending pending)
    {
        pending = Slot(sequence);
        if (pending.Waiter is null || pending.Nonce != nonce)
        {
            return false;
        }

        Slot(sequence) = default;
        _heldFailures.Remove(sequence);
        return true;
    }

    private bool TryTakeErrored(ushort sequence, ReadOnlySpan<byte> quotedDestination, out Pending pending, uint? nonce = null)
    {
        pending = Slot(sequence);
        if (pending.Waiter is null || pending.Sequence != sequence || (nonce is { } n && pending.Nonce != n) || !pending.Waiter.Destination.Is(quotedDestination))
        {
            return false;
        }

        Slot(sequence) = default;
        return true;
    }

    private void ReportExpired()
    {
        foreach (Pending pending in _expired)
        {
            if (pending.Confirms is null)
            {
                pending.Report(_heldFailures.Remove(pending.Sequence, out var held) && held.Nonce == pending.Nonce ? held.Failure
                    : pending.SmallAnswered ? ProbeResult.Failed(ProbeOutcome.Timeout, string.Create(CultureInfo.InvariantCulture,
                        $"{pending.Waiter!.PayloadBytes} B lost, {Config.EchoSize.DefaultPayload} B answered"))
                    : ProbeResult.Timeout());
            }
        }

        _expired.Clear();
    }

    private void ReportVerdicts()
    {
        foreach (var (waiter, round, answers) in _verdicts)
        {
            waiter.Sink.Verdict(waiter.TargetId, round, answers);
        }

        _verdicts.Clear();
    }

    /// <param name="SentAt">Monotonic, for timeouts.</param>
    /// <param name="SentUtcTicks">Wall clock, to compare with the kernel's receive timestamps.</param>
    private readonly record struct Pending(EchoWaiter? Waiter, long Round, long SentAt, long SentUtcTicks, uint Nonce, ushort Sequence)
    {
        /// <summary>For a confirmation echo, the round's own echo it confirms; null for a round's echo.</summary>
        public (ushort Sequence, uint Nonce)? Confirms { get; init; }

        /// <summary>Confirmation echoes sent for this round.</summary>
        public byte Confirmations { get; init; }

        /// <summary>The host answered one of them.</summary>
        public bool HostAnswered { get; init; }

        /// <summary>The host answered one of them, which were of ping's size while this round's echo is not.</summary>
        public bool SmallAnswered { get; init; }

        /// <summary>Sent after a silent verdict and before the host answered again: its RTT is not the path's.</summary>
        public bool SentToSilentHost { get; init; }

        public void Report(ProbeResult result) =>
            Waiter!.Sink.Report(Waiter.TargetId, Round, result with { Confirmations = Confirmations, HostAnswered = HostAnswered });
    }

    private enum StepKind : byte
    {
        Overdue,
        Confirm,
        Verdict,
        Recover,
    }

    private readonly record struct Step(ushort Sequence, uint Nonce, StepKind Kind);
}
