using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// All echo traffic of one address family over one shared socket. Senders call <see cref="Send"/>; a dedicated
/// receiver thread hands what it reads to the <see cref="ReplyDemux"/>, which matches it to a waiting probe, and
/// expires probes in send order. The receiver drains what has arrived, then rests for a <see cref="ProbeTiming.Slot"/>
/// before waiting again: a wake-up per reply cost more CPU than the ping itself (measured), and the kernel's receive
/// timestamps keep the RTTs exact all the same. After a large drain it does not rest, so a burst never waits in a
/// receive buffer that an unprivileged socket cannot make larger than net.core.rmem_max. When nothing came it waits
/// for the first packet (a slot at most, while probes wait to expire), and with no probe waiting until a packet comes
/// or a send wakes it: a family without targets (IPv6, often) costs no wake-ups at all. The receiver also sends the
/// confirmation echoes the demux finds due when it expires (a slot's precision is plenty for 50 ms spacing).
/// Before the first target's probe, one echo goes to this family's loopback and is answered or given up on: the
/// first send of a run otherwise pays for loading and compiling the send path between taking the send time and
/// sending (measured: 1.45 ms for loopback against 0.03 ms after), and that one figure skews AVG and jitter for long.
/// </summary>
internal sealed class IcmpEngine : IDisposable
{
    private static readonly TimeSpan s_warmUpLimit = TimeSpan.FromMilliseconds(200);
    private const int LargeDrain = 128;

    private readonly LinuxIcmpSocket _socket;
    private readonly TimeProvider _time;
    private readonly ReplyDemux _demux;
    private readonly Thread _receiver;
    private readonly TimeSpan _rest;
    private volatile bool _stopping;

    public IcmpEngine(LinuxIcmpSocket socket, TimeProvider time, ProbeTiming timing)
    {
        _socket = socket;
        _time = time;
        _rest = timing.Slot;
        bool raw = socket.Mode == IcmpSocketMode.Raw;
        _demux = new ReplyDemux(socket.IsIpv6, raw && !socket.IsIpv6, raw ? socket.Identifier : null, (ulong)Random.Shared.NextInt64(), time, timing);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"icmp-receive-{socket.Family}" };
        _receiver.Start();
        WarmUp();
    }

    public AddressFamily Family => _socket.Family;

    public IcmpSocketMode Mode => _socket.Mode;

    /// <summary>Packets read that answered none of our waiting probes (late replies included).</summary>
    public long DroppedPackets => _demux.Dropped;

    public IProbe CreateProbe(int targetId, IPAddress address, IProbeSink sink) =>
        new IcmpProbe(this, new EchoWaiter(targetId, IcmpDestination.For(address), sink));

    public void Send(EchoWaiter waiter, long round)
    {
        (ushort sequence, uint nonce) = _demux.Register(waiter, round, out bool wasIdle);
        Send(waiter, sequence, nonce);

        // After the send: woken before it, the receiver found nothing yet and rested a whole slot before looking again
        // (each family's warm-up echo at start waited 20 ms for loopback's answer).
        if (wasIdle)
        {
            _socket.Wake();
        }
    }

    private void Send(EchoWaiter waiter, ushort sequence, uint nonce)
    {
        Span<byte> packet = stackalloc byte[EchoPacket.Length];
        EchoPacket.WriteRequest(packet, _socket.IsIpv6, _socket.Identifier, sequence, _demux.Cookie, nonce);
        int error = _socket.Send(packet, waiter.Destination.SockAddr);
        if (error != 0)
        {
            _demux.SendFailed(sequence, nonce, error);
        }
    }

    // Loopback answers within microseconds; a socket that cannot reach it (bound to a device, in a namespace whose lo
    // is down) fails the send or stays silent, and is given up on after a moment: the paths are warm either way.
    private void WarmUp()
    {
        using var answered = new ManualResetEventSlim();
        IPAddress loopback = _socket.IsIpv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        Send(new EchoWaiter(-1, IcmpDestination.For(loopback), new WarmUpSink(answered)), 0);
        answered.Wait(s_warmUpLimit);
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[2048];
        byte[] peer = new byte[16];
        var confirmations = new List<DueConfirmation>();
        while (!_stopping)
        {
            int drained = 0;
            for (ReceivedPacket packet; (packet = _socket.Receive(buffer, peer)).Status != ReceiveStatus.Nothing;)
            {
                drained++;
                if (packet.Status == ReceiveStatus.Packet)
                {
                    _demux.Accept(buffer.AsMemory(0, packet.Length), peer.AsSpan(0, packet.PeerLength), packet);
                }
                else
                {
                    _demux.AcceptQueuedError(buffer.AsSpan(0, packet.Length), peer.AsSpan(0, packet.PeerLength), packet);
                }
            }

            // Nothing came: wait for the first packet, for a slot while probes wait to expire, else until a send.
            // Something came: rest a slot so that what follows is read in one go.
            _demux.Expire(_time.GetTimestamp(), confirmations);
            foreach (DueConfirmation due in confirmations)
            {
                (ushort sequence, uint nonce) = _demux.RegisterConfirmation(due);
                Send(due.Waiter, sequence, nonce);
            }

            confirmations.Clear();
            if (drained == 0)
            {
                _socket.WaitReadable(_demux.Idle ? null : _rest);
            }
            else if (drained < LargeDrain)
            {
                Platform.LinuxNative.Sleep(_rest);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _socket.Wake();
        _receiver.Join();
        _socket.Dispose();
    }
}
