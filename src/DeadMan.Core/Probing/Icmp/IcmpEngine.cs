using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// All echo traffic of one address family over one shared socket, driven by one thread, the monitor's loop, once a
/// <see cref="ProbeTiming.Slot"/>: <see cref="Send"/> queues a round's echo, and <see cref="Pump"/> sends what is
/// queued in batches (sendmmsg), reads what has arrived (recvmmsg) and hands it to the <see cref="ReplyDemux"/>,
/// which matches it to a waiting probe, expires probes in send order and finds the confirmation echoes due, which go
/// out in the same pump. A thread of the engine's own cost a wake-up a slot, and each wake-up on this
/// paravirtualised machine more than a slot's work (measured: 145 wake-ups a second from three threads at 1,000
/// hosts); a send a call cost 3.2 µs of CPU an echo where batches of 16 cost 1.4 (measured in C, loopback, root).
/// The kernel's receive timestamps keep RTTs exact however late in the slot a reply is read; the send time is taken
/// as each echo is written into the batch, microseconds before the batch leaves.
/// Before the first target's probe, one echo goes to this family's loopback and is answered or given up on: the
/// first send of a run otherwise pays for loading and compiling the send path between taking the send time and
/// sending (measured: 1.45 ms for loopback against 0.03 ms after), and that one figure skews AVG and jitter for long.
/// </summary>
internal sealed class IcmpEngine : IDisposable
{
    private static readonly TimeSpan s_warmUpLimit = TimeSpan.FromMilliseconds(200);
    private const int IdleReadEvery = 50;

    private readonly LinuxIcmpSocket _socket;
    private readonly TimeProvider _time;
    private readonly ReplyDemux _demux;
    private readonly List<(EchoWaiter Waiter, long Round)> _queued = [];
    private readonly List<DueConfirmation> _confirmations = [];
    private readonly List<PathTracer> _tracers = [];
    private readonly byte[] _buffer = new byte[2048];
    private readonly byte[] _peer = new byte[16];
    private readonly byte[] _offender = new byte[16];
    private readonly (ushort Sequence, uint Nonce)[] _taken = new (ushort, uint)[LinuxIcmpSocket.SendBatchPackets];
    private int _staged;
    private int _idlePumps;

    public IcmpEngine(LinuxIcmpSocket socket, TimeProvider time, ProbeTiming timing)
    {
        _socket = socket;
        _time = time;
        bool raw = socket.Mode == IcmpSocketMode.Raw;
        _demux = new ReplyDemux(socket.IsIpv6, raw && !socket.IsIpv6, raw ? socket.Identifier : null, (ulong)Random.Shared.NextInt64(), time, timing);
        WarmUp();
    }

    public AddressFamily Family => _socket.Family;

    public TimeProvider Time => _time;

    public IcmpSocketMode Mode => _socket.Mode;

    /// <inheritdoc cref="LinuxIcmpSocket.DontFragment"/>
    public bool DontFragment => _socket.DontFragment;

    /// <summary>Packets read that answered none of our waiting probes (late replies included).</summary>
    public long DroppedPackets => _demux.Dropped;

    /// <param name="search">The target's path MTU search (pmtu=on), told of each round; it may use another engine.</param>
    public IProbe CreateProbe(int targetId, IPAddress address, IProbeSink sink, int payloadBytes, PathMtuSearch? search = null) =>
        new IcmpProbe(this, new EchoWaiter(targetId, IcmpDestination.For(address), search?.Watching(sink) ?? sink, payloadBytes), search);

    /// <summary>Starts tracing the path to <paramref name="address"/>: its passes go out from the following pumps.</summary>
    /// <param name="from">Where the echoes leave from, in words, when not the machine's default.</param>
    public Trace.ITraceRun Trace(int targetId, IPAddress address, IProbeSink sink, Trace.TraceRequest request, string? from)
    {
        var tracer = new PathTracer(this, targetId, IcmpDestination.For(address), sink, request, from);
        _tracers.Add(tracer);
        return tracer;
    }

    /// <summary>Queues a round's echo; the next <see cref="Pump"/> sends it.</summary>
    public void Send(EchoWaiter waiter, long round) => _queued.Add((waiter, round));

    /// <summary>
    /// The slot's work: sends what is queued, reads every packet waiting, ends the probes whose time is up, and sends
    /// the confirmation echoes now due. Results go to each probe's sink from here.
    /// </summary>
    public void Pump()
    {
        if (_tracers.Count > 0)
        {
            long now = _time.GetTimestamp();
            _tracers.ForEach(t => t.Tick(now));
            _tracers.RemoveAll(t => t.Done);
        }

        SendQueued();
        // With nothing in flight there is nothing of ours to read: an empty read every slot on the family without
        // targets (IPv6, often) was a fifth of the slot's system calls. What else arrives (other programs' pings,
        // which a raw socket sees too) is still read now and then, so it does not pile up in the kernel.
        if (!_demux.Waiting && ++_idlePumps % IdleReadEvery != 0)
        {
            return;
        }

        Receive();
        _demux.Expire(_time.GetTimestamp(), _confirmations);
        if (_confirmations.Count > 0)
        {
            SendConfirmations();
        }
    }

    private void SendQueued()
    {
        foreach ((EchoWaiter waiter, long round) in _queued)
        {
            Stage(waiter, _demux.Register(waiter, round), waiter.PayloadBytes);
        }

        _queued.Clear();
        Flush();
    }

    private void SendConfirmations()
    {
        foreach (DueConfirmation due in _confirmations)
        {
            Stage(due.Waiter, _demux.RegisterConfirmation(due), Config.EchoSize.DefaultPayload);
        }

        _confirmations.Clear();
        Flush();
    }

    // Writes an echo into the socket's batch, sending the batch first when it is full.
    private void Stage(EchoWaiter waiter, (ushort Sequence, uint Nonce) taken, int payloadBytes)
    {
        if (_staged == _taken.Length)
        {
            Flush();
        }

        Span<byte> packet = _socket.Outgoing(_staged, waiter.Destination.SockAddr, payloadBytes, waiter.HopLimit);
        EchoPacket.WriteRequest(packet, _socket.IsIpv6, _socket.Identifier, taken.Sequence, _demux.Cookie, taken.Nonce);
        _taken[_staged++] = taken;
    }

    // A batch goes as far as the kernel takes it; an echo it refuses (no route, say) ends its probe with that error,
    // and the rest of the batch is sent after it.
    private void Flush()
    {
        for (int next = 0; next < _staged;)
        {
            int sent = _socket.SendBatch(next, _staged, out int error);
            if (sent < 0)
            {
                _demux.SendFailed(_taken[next].Sequence, _taken[next].Nonce, error);
                next++;
            }
            else
            {
                next += sent;
            }
        }

        _staged = 0;
    }

    private void Receive()
    {
        for (ReceivedPacket packet; (packet = _socket.Receive(_buffer, _peer, _offender)).Status != ReceiveStatus.Nothing;)
        {
            if (packet.Status == ReceiveStatus.Packet)
            {
                _demux.Accept(_buffer.AsMemory(0, packet.Length), _peer.AsSpan(0, packet.PeerLength), packet);
            }
            else
            {
                _demux.AcceptQueuedError(_buffer.AsSpan(0, packet.Length), _peer.AsSpan(0, packet.PeerLength), _offender.AsSpan(0, packet.OffenderLength), packet);
            }
        }
    }

    // Loopback answers within microseconds; a socket that cannot reach it (bound to a device, in a namespace whose lo
    // is down) fails the send or stays silent, and is given up on after a moment: the paths are warm either way. No
    // loop pumps the engine yet, so the warm-up reads for itself.
    private void WarmUp()
    {
        using var answered = new ManualResetEventSlim();
        IPAddress loopback = _socket.IsIpv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        Send(new EchoWaiter(-1, IcmpDestination.For(loopback), new WarmUpSink(answered)), 0);
        long start = _time.GetTimestamp();
        SendQueued();
        for (TimeSpan left = s_warmUpLimit; !answered.IsSet && left > TimeSpan.Zero; left = s_warmUpLimit - _time.GetElapsedTime(start))
        {
            _socket.WaitReadable(left);
            Receive();
        }
    }

    public void Dispose() => _socket.Dispose();
}
