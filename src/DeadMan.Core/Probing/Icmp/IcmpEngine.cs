using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// All echo traffic of one address family over one shared socket. Senders call <see cref="Send"/>; a dedicated
/// receiver thread matches replies to probes by sequence, payload cookie, nonce and source, and expires probes
/// in send order (the timeout is the same for all, so the oldest outstanding probe is always the next to expire).
/// The receiver drains what has arrived, then rests a moment before waiting again: a wake-up per reply cost more
/// CPU than the ping itself (measured), and the kernel's receive timestamps keep the RTTs exact all the same.
/// </summary>
internal sealed class IcmpEngine : IDisposable
{
    private const int SlotCount = 1 << 16;
    private const int RestMilliseconds = 2;
    private const int ErrnoNetUnreachable = 101;
    private const int ErrnoHostUnreachable = 113;

    private readonly LinuxIcmpSocket _socket;
    private readonly TimeProvider _time;
    private readonly long _timeoutTicks;
    private readonly ulong _cookie = (ulong)Random.Shared.NextInt64();
    private readonly Pending[] _slots = new Pending[SlotCount];
    private readonly Queue<(ushort Sequence, uint Nonce)> _sendOrder = new();
    private readonly List<Pending> _expired = [];
    private readonly Lock _lock = new();
    private readonly Thread _receiver;
    private ushort _nextSequence;
    private uint _nextNonce;
    private volatile bool _stopping;

    public IcmpEngine(LinuxIcmpSocket socket, TimeProvider time, TimeSpan timeout)
    {
        _socket = socket;
        _time = time;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"icmp-receive-{socket.Family}" };
        _receiver.Start();
    }

    public AddressFamily Family => _socket.Family;

    public IcmpSocketMode Mode => _socket.Mode;

    public IProbe CreateProbe(int targetId, IPAddress address, IProbeSink sink) =>
        new IcmpProbe(this, targetId, IcmpDestination.For(address), sink);

    public void Send(IcmpProbe probe, long round)
    {
        Span<byte> packet = stackalloc byte[EchoPacket.Length];
        ushort sequence;
        uint nonce;
        lock (_lock)
        {
            sequence = _nextSequence++;
            nonce = ++_nextNonce;
            // Only with more than 65,536 probes in flight does a sequence come round while still pending.
            if (_slots[sequence].Probe is not null)
            {
                _expired.Add(_slots[sequence]);
            }

            _slots[sequence] = new Pending(probe, round, _time.GetTimestamp(), _time.GetUtcNow().UtcTicks, nonce);
            _sendOrder.Enqueue((sequence, nonce));
        }

        ReportExpired();
        EchoPacket.WriteRequest(packet, _socket.IsIpv6, _socket.Identifier, sequence, _cookie, nonce);
        int error = _socket.Send(packet, probe.Destination.SockAddr);
        if (error != 0 && TryTake(sequence, nonce, out Pending failed))
        {
            var outcome = error is ErrnoNetUnreachable or ErrnoHostUnreachable ? ProbeOutcome.Unreachable : ProbeOutcome.Error;
            probe.Sink.Report(probe.TargetId, failed.Round, ProbeResult.Failed(outcome, Marshal.GetPInvokeErrorMessage(error)));
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[2048];
        byte[] peer = new byte[16];
        while (!_stopping)
        {
            // Block for the first packet (or the receive timeout), then take everything else already queued.
            bool drained = false;
            for (bool wait = true; !_stopping; wait = false)
            {
                ReceivedPacket packet = _socket.Receive(buffer, peer, dontWait: !wait);
                if (packet.Status == ReceiveStatus.TimedOut)
                {
                    break;
                }

                drained = true;
                Handle(packet, buffer, peer);
            }

            Expire(_time.GetTimestamp());
            if (drained)
            {
                Thread.Sleep(RestMilliseconds);
            }
        }
    }

    private void Handle(ReceivedPacket packet, byte[] buffer, byte[] peer)
    {
        if (packet.Status == ReceiveStatus.Packet)
        {
            OnPacket(buffer.AsMemory(0, packet.Length), peer.AsSpan(0, packet.PeerLength), packet);
        }
        else
        {
            OnQueuedError(buffer.AsSpan(0, packet.Length), peer.AsSpan(0, packet.PeerLength), packet);
        }
    }

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

    private void OnPacket(ReadOnlyMemory<byte> data, ReadOnlySpan<byte> peer, ReceivedPacket packet)
    {
        byte? ttl = packet.Ttl;
        bool withIpHeader = _socket.Mode == IcmpSocketMode.Raw && !_socket.IsIpv6;
        if (!EchoPacket.TryRead(data, _socket.IsIpv6, withIpHeader, _cookie, out IcmpMessage message)
            || (_socket.Mode == IcmpSocketMode.Raw && message.Identifier != _socket.Identifier))
        {
            return;
        }

        if (message.IsError)
        {
            // An error quotes only the start of our request, so the sequence and the quoted destination must do.
            if (TryTakeErrored(message.Sequence, message.QuotedDestination.Span, out Pending errored))
            {
                errored.Probe!.Sink.Report(errored.Probe.TargetId, errored.Round, IcmpErrors.Describe(_socket.IsIpv6, message.Type, message.Code, peer));
            }

            return;
        }

        if (message.CookieMatches && TryTake(message.Sequence, message.Nonce, out Pending answered) && answered.Probe!.Destination.Is(peer))
        {
            // A reply read just after its deadline (the receiver drains in batches) is as late as one never seen.
            TimeSpan rtt = RoundTrip(answered, packet);
            ProbeResult result = rtt.Ticks * _time.TimestampFrequency > _timeoutTicks * TimeSpan.TicksPerSecond
                ? ProbeResult.Timeout()
                : ProbeResult.Reply(rtt, ttl ?? message.Ttl);
            answered.Probe.Sink.Report(answered.Probe.TargetId, answered.Round, result);
        }
    }

    // A ping socket's error queue hands back our own request, so sequence and nonce match exactly.
    private void OnQueuedError(ReadOnlySpan<byte> request, ReadOnlySpan<byte> destination, ReceivedPacket packet)
    {
        if (request.Length < EchoPacket.Length
            || BinaryPrimitives.ReadUInt64BigEndian(request[8..]) != _cookie
            || !TryTake(BinaryPrimitives.ReadUInt16BigEndian(request[6..]), BinaryPrimitives.ReadUInt32BigEndian(request[16..]), out Pending errored)
            || !errored.Probe!.Destination.Is(destination))
        {
            return;
        }

        ProbeResult result = packet.ErrorType != 0
            ? IcmpErrors.Describe(_socket.IsIpv6, packet.ErrorType, packet.ErrorCode, [])
            : ProbeResult.Failed(ProbeOutcome.Unreachable, Marshal.GetPInvokeErrorMessage(packet.ErrorNumber));
        errored.Probe.Sink.Report(errored.Probe.TargetId, errored.Round, result);
    }

    private bool TryTake(ushort sequence, uint nonce, out Pending pending)
    {
        lock (_lock)
        {
            pending = _slots[sequence];
            if (pending.Probe is null || pending.Nonce != nonce)
            {
                return false;
            }

            _slots[sequence] = default;
            return true;
        }
    }

    private bool TryTakeErrored(ushort sequence, ReadOnlySpan<byte> quotedDestination, out Pending pending)
    {
        lock (_lock)
        {
            pending = _slots[sequence];
            if (pending.Probe is null || !pending.Probe.Destination.Is(quotedDestination))
            {
                return false;
            }

            _slots[sequence] = default;
            return true;
        }
    }

    private void Expire(long now)
    {
        lock (_lock)
        {
            while (_sendOrder.TryPeek(out var head))
            {
                Pending pending = _slots[head.Sequence];
                bool settled = pending.Probe is null || pending.Nonce != head.Nonce;
                if (!settled && now - pending.SentAt < _timeoutTicks)
                {
                    break;
                }

                _sendOrder.Dequeue();
                if (!settled)
                {
                    _slots[head.Sequence] = default;
                    _expired.Add(pending);
                }
            }
        }

        ReportExpired();
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
            pending.Probe!.Sink.Report(pending.Probe.TargetId, pending.Round, ProbeResult.Timeout());
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _receiver.Join();
        _socket.Dispose();
    }

    /// <param name="SentAt">Monotonic, for timeouts.</param>
    /// <param name="SentUtcTicks">Wall clock, to compare with the kernel's receive timestamps.</param>
    private readonly record struct Pending(IcmpProbe? Probe, long Round, long SentAt, long SentUtcTicks, uint Nonce);
}
