using System.Buffers.Binary;
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
/// </summary>
internal sealed class ReplyDemux
{
    // One slot per sequence number would be 2.6 MB per socket family, used or not; the table starts small and
    // doubles while a sequence's slot is still taken, so it stays a power of two above the probes in flight.
    private const int MaxSlots = 1 << 16;
    private const int FirstSlots = 256;

    private readonly bool _ipv6;
    private readonly bool _withIpHeader;
    private readonly ushort? _identifier;
    private readonly ulong _cookie;
    private readonly TimeProvider _time;
    private readonly long _timeoutTicks;
    private Pending[] _slots = new Pending[FirstSlots];
    private readonly Queue<(ushort Sequence, uint Nonce)> _sendOrder = new();
    private readonly List<Pending> _expired = [];
    private readonly Lock _lock = new();
    private ushort _nextSequence;
    private uint _nextNonce;
    private long _dropped;

    /// <param name="identifier">On raw sockets, the identifier our requests carry; null on ping sockets, where the kernel filters by it.</param>
    public ReplyDemux(bool ipv6, bool withIpHeader, ushort? identifier, ulong cookie, TimeProvider time, TimeSpan timeout)
    {
        _ipv6 = ipv6;
        _withIpHeader = withIpHeader;
        _identifier = identifier;
        _cookie = cookie;
        _time = time;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
    }

    public ulong Cookie => _cookie;

    /// <summary>Packets that answered none of our probes: other programs' pings, strays, truncated or hostile bytes.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True while no probe sent is still waiting to be answered or expired: the receiver may sleep.</summary>
    public bool Idle
    {
        get
        {
            lock (_lock)
            {
                return _sendOrder.Count == 0;
            }
        }
    }

    /// <summary>Takes a sequence number and nonce for a probe about to be sent; <paramref name="wasIdle"/> says it is the only one waiting.</summary>
    public (ushort Sequence, uint Nonce) Register(EchoWaiter waiter, long round, out bool wasIdle)
    {
        (ushort, uint) taken;
        lock (_lock)
        {
            wasIdle = _sendOrder.Count == 0;
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

            Slot(sequence) = new Pending(waiter, round, _time.GetTimestamp(), _time.GetUtcNow().UtcTicks, nonce, sequence);
            _sendOrder.Enqueue((sequence, nonce));
            taken = (sequence, nonce);
        }

        ReportExpired();
        return taken;
    }

    /// <summary>The send itself failed (errno): the probe ends with that error.</summary>
    public void SendFailed(ushort sequence, uint nonce, int errno)
    {
        if (TryTake(sequence, nonce, out Pending failed))
        {
            var outcome = errno is LinuxNative.ENetUnreach or LinuxNative.EHostUnreach ? ProbeOutcome.Unreachable : ProbeOutcome.Error;
            failed.Report(ProbeResult.Failed(outcome, Marshal.GetPInvokeErrorMessage(errno)));
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
                errored.Report(IcmpErrors.Describe(_ipv6, message.Type, message.Code, peer));
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
            answered.Report(ProbeResult.Failed(ProbeOutcome.Timeout, $"reply from {Describe(peer)}, not {answered.Waiter.Destination.Address}"));
            return;
        }

        // A reply read just after its deadline (the receiver drains in batches) is as late as one never seen.
        TimeSpan rtt = RoundTrip(answered, packet);
        answered.Report(rtt.Ticks * _time.TimestampFrequency > _timeoutTicks * TimeSpan.TicksPerSecond
            ? ProbeResult.Timeout()
            : ProbeResult.Reply(rtt, packet.Ttl ?? message.Ttl));
    }

    /// <summary>
    /// An error from a ping socket's error queue: the kernel hands back our own request, so sequence and nonce match
    /// exactly; <paramref name="destination"/> is where that request went.
    /// </summary>
    public void AcceptQueuedError(ReadOnlySpan<byte> request, ReadOnlySpan<byte> destination, ReceivedPacket packet)
    {
        if (request.Length < EchoPacket.Length
            || BinaryPrimitives.ReadUInt64BigEndian(request[EchoPacket.CookieOffset..]) != _cookie
            || !TryTakeErrored(BinaryPrimitives.ReadUInt16BigEndian(request[EchoPacket.SequenceOffset..]), destination, out Pending errored,
                               BinaryPrimitives.ReadUInt32BigEndian(request[EchoPacket.NonceOffset..])))
        {
            Drop();
            return;
        }

        errored.Report(packet.ErrorType != 0
            ? IcmpErrors.Describe(_ipv6, packet.ErrorType, packet.ErrorCode, [])
            : ProbeResult.Failed(ProbeOutcome.Unreachable, Marshal.GetPInvokeErrorMessage(packet.ErrorNumber)));
    }

    /// <summary>Ends every probe sent at least a timeout before <paramref name="now"/> and still unanswered.</summary>
    public void Expire(long now)
    {
        lock (_lock)
        {
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
        }

        ReportExpired();
    }

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
        lock (_lock)
        {
            pending = Slot(sequence);
            if (pending.Waiter is null || pending.Nonce != nonce)
            {
                return false;
            }

            Slot(sequence) = default;
            return true;
        }
    }

    private bool TryTakeErrored(ushort sequence, ReadOnlySpan<byte> quotedDestination, out Pending pending, uint? nonce = null)
    {
        lock (_lock)
        {
            pending = Slot(sequence);
            if (pending.Waiter is null || pending.Sequence != sequence || (nonce is { } n && pending.Nonce != n) || !pending.Waiter.Destination.Is(quotedDestination))
            {
                return false;
            }

            Slot(sequence) = default;
            return true;
        }
    }

    private void ReportExpired()
    {
        Pending[] expired;
        lock (_lock)
        {
            if (_expired.Count == 0)
            {
                return;
            }

            expired = [.. _expired];
            _expired.Clear();
        }

        foreach (Pending pending in expired)
        {
            pending.Report(ProbeResult.Timeout());
        }
    }

    /// <param name="SentAt">Monotonic, for timeouts.</param>
    /// <param name="SentUtcTicks">Wall clock, to compare with the kernel's receive timestamps.</param>
    private readonly record struct Pending(EchoWaiter? Waiter, long Round, long SentAt, long SentUtcTicks, uint Nonce, ushort Sequence)
    {
        public void Report(ProbeResult result) => Waiter!.Sink.Report(Waiter.TargetId, Round, result);
    }
}
