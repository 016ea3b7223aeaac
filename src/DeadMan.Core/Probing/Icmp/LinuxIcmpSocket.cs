using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using DeadMan.Core.Config;
using DeadMan.Core.Platform;
using static DeadMan.Core.Platform.LinuxNative;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// One ICMP socket for one address family, driven through libc so that TTL, hop limit and queued ICMP errors
/// arrive as ancillary data (.NET's Socket only surfaces IP_PKTINFO).
/// </summary>
internal sealed unsafe class LinuxIcmpSocket : IDisposable
{
    // Bursts of replies overflow the default 208 KiB buffer (measured: 760 of 10,000 lost); 4 MiB lost none.
    private const int ReceiveBufferBytes = 4 << 20;
    private const int ControlBufferBytes = 256;
    private const int SockExtendedErrLength = 16;
    private const byte OriginIcmp = 2;
    private const byte OriginIcmp6 = 3;

    // What one recvmmsg(2) takes: a slot's replies in a call or two instead of a call a reply (200 a slot at 10,000
    // hosts). A packet is read up to 576 bytes: ours are 24, and what matters of an ICMP error (the headers it quotes
    // and our echo after them) fits with room to spare; a longer stray packet is cut short and dropped all the same.
    private const int BatchPackets = 128;
    private const int PacketBytes = 576;
    private const int NameBytes = 128;
    private const int SockAddrBytes = 28;

    private readonly int _fd;
    private readonly byte[] _control = new byte[ControlBufferBytes];
    private readonly byte[] _name = new byte[NameBytes];
    private readonly MMsgHdr* _batch;
    private readonly byte* _batchMemory;
    private readonly MMsgHdr* _outgoing;
    private readonly byte* _outgoingMemory;
    private int _batched;
    private bool _errorsQueued;
    private int _nextInBatch;

    // What follows our 24 bytes in an echo longer than that: zeros, which leave the checksum as it is. One block
    // for every socket and echo, read by the kernel only; made once, the first time an echo needs it.
    private static readonly Lazy<nint> s_padding = new(() => (nint)NativeMemory.AllocZeroed(EchoSize.MaximumPayload));

    private LinuxIcmpSocket(int fd, AddressFamily family, IcmpSocketMode mode, ushort identifier, bool dontFragment)
    {
        _fd = fd;
        Family = family;
        Mode = mode;
        Identifier = identifier;
        DontFragment = dontFragment;
        AllocateBatch(out _batch, out _batchMemory);
        AllocateOutgoing(out _outgoing, out _outgoingMemory);
    }

    /// <summary>How many echoes one <see cref="SendBatch"/> takes at most: a slot's at 10,000 hosts.</summary>
    public const int SendBatchPackets = 256;

    // One native block, so the kernel writes where nothing moves: per packet an iovec, a name, control and data.
    private static void AllocateBatch(out MMsgHdr* batch, out byte* memory)
    {
        nuint perPacket = (nuint)(sizeof(IoVec) + NameBytes + ControlBufferBytes + PacketBytes);
        batch = (MMsgHdr*)NativeMemory.AllocZeroed(BatchPackets, (nuint)sizeof(MMsgHdr));
        memory = (byte*)NativeMemory.AllocZeroed(BatchPackets, perPacket);
        for (int i = 0; i < BatchPackets; i++)
        {
            byte* at = memory + (i * (int)perPacket);
            var iov = (IoVec*)at;
            *iov = new IoVec { Base = (nint)(at + sizeof(IoVec) + NameBytes + ControlBufferBytes), Length = PacketBytes };
            batch[i].Header = new MsgHdr
            {
                Name = (nint)(at + sizeof(IoVec)),
                Iov = (nint)iov,
                IovLength = 1,
                Control = (nint)(at + sizeof(IoVec) + NameBytes),
            };
        }
    }

    // One cmsghdr (LP64: 16 bytes) and an int, padded to 8: a trace's echo carries its TTL or hop limit so.
    private const int HopLimitControlBytes = 24;

    // The same for sendmmsg(2): per echo two iovecs (our bytes, then the padding that makes up its size), the
    // destination, the packet, written in place by the engine, and room for a hop limit of its own.
    private static void AllocateOutgoing(out MMsgHdr* batch, out byte* memory)
    {
        nuint perPacket = (nuint)((2 * sizeof(IoVec)) + SockAddrBytes + EchoPacket.Length + HopLimitControlBytes);
        batch = (MMsgHdr*)NativeMemory.AllocZeroed(SendBatchPackets, (nuint)sizeof(MMsgHdr));
        memory = (byte*)NativeMemory.AllocZeroed(SendBatchPackets, perPacket);
        for (int i = 0; i < SendBatchPackets; i++)
        {
            byte* at = memory + (i * (int)perPacket);
            var iov = (IoVec*)at;
            iov[0] = new IoVec { Base = (nint)(at + (2 * sizeof(IoVec)) + SockAddrBytes), Length = EchoPacket.Length };
            batch[i].Header = new MsgHdr
            {
                Name = (nint)(at + (2 * sizeof(IoVec))),
                Iov = (nint)iov,
                IovLength = 1,
                Control = (nint)(at + (2 * sizeof(IoVec)) + SockAddrBytes + EchoPacket.Length),
            };
        }
    }

    public AddressFamily Family { get; }

    public IcmpSocketMode Mode { get; }

    /// <summary>The echo identifier on the wire: chosen by the kernel (the socket's port) on ping sockets.</summary>
    public ushort Identifier { get; }

    public bool IsIpv6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>Whether a long echo leaves whole (the IPv4 DF bit set) rather than in fragments.</summary>
    public bool DontFragment { get; }

    /// <summary>
    /// What a family's first socket does with a long echo: IPv4 sets DF (see <see cref="Configure"/>), IPv6 fragments
    /// at the source as the path needs (the kernel's default). The other way takes a socket of its own.
    /// </summary>
    public static bool DontFragmentByDefault(AddressFamily family) => family == AddressFamily.InterNetwork;

    /// <summary>Opens a ping socket if allowed, else a raw one; <paramref name="only"/> restricts the choice.</summary>
    /// <param name="source">Bind to this address (same family) and/or interface (SO_BINDTODEVICE).</param>
    /// <param name="dontFragment">Long echoes leave whole (null: <see cref="DontFragmentByDefault"/>).</param>
    public static LinuxIcmpSocket Open(AddressFamily family, IcmpSocketMode? only = null, SourceBinding? source = null, bool? dontFragment = null)
    {
        bool v6 = family == AddressFamily.InterNetworkV6;
        int domain = v6 ? AfInet6 : AfInet;
        int protocol = v6 ? IpProtoIcmpv6 : IpProtoIcmp;
        var failures = new List<string>();
        foreach (IcmpSocketMode mode in new[] { IcmpSocketMode.Datagram, IcmpSocketMode.Raw })
        {
            if (only is not null && only != mode)
            {
                continue;
            }

            int fd = Socket(domain, (mode == IcmpSocketMode.Raw ? SockRaw : SockDgram) | SockCloexec, protocol);
            if (fd >= 0)
            {
                return Configure(fd, family, mode, source, dontFragment ?? DontFragmentByDefault(family));
            }

            failures.Add($"{(mode == IcmpSocketMode.Raw ? "raw socket" : "ping socket")}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        throw new IcmpUnavailableException($"cannot open an ICMP socket for {(v6 ? "IPv6" : "IPv4")} ({string.Join("; ", failures)})");
    }

    // Every option the socket gets, each with why, in the order they apply (the device before the bind): one walk
    // through a socket's set-up reads better whole than split across helpers that each hold two lines.
    private static LinuxIcmpSocket Configure(int fd, AddressFamily family, IcmpSocketMode mode, SourceBinding? source, bool dontFragment)
    {
        bool v6 = family == AddressFamily.InterNetworkV6;
        if (source?.Device is { } device)
        {
            try
            {
                SourceBinding.BindToDevice(fd, device);
            }
            catch (SocketException e)
            {
                Close(fd);
                throw new IcmpUnavailableException(e.Message);
            }
        }

        if (SetInt(fd, SolSocket, SoRcvbufForce, ReceiveBufferBytes) != 0)
        {
            SetInt(fd, SolSocket, SoRcvbuf, ReceiveBufferBytes);
        }

        // Kernel receive times keep RTTs exact while the engine reads packets in batches, once a slot.
        SetInt(fd, SolSocket, SoTimestampNs, 1);
        SetInt(fd, v6 ? IpProtoIpv6 : IpProtoIp, v6 ? Ipv6RecvHopLimit : IpRecvTtl, 1);
        if (!v6)
        {
            // Echo requests leave with DF set either way; only with "probe" does the kernel also skip drawing a random
            // IP ID for each (a keyed hash and an atomic: 0.6 µs of CPU a probe, measured), as RFC 6864 allows for
            // datagrams that are never fragmented. Ping's 84 bytes never are; a longer echo (size=) with DF set
            // then goes out whole every time, however small a path MTU the kernel has learnt, so the router that
            // cannot pass it says so each round. Without df=on a long echo takes the socket that never sets DF.
            SetInt(fd, IpProtoIp, IpMtuDiscover, dontFragment ? IpPmtuDiscProbe : IpPmtuDiscDont);
        }
        else if (dontFragment)
        {
            // The same for IPv6 (routers never fragment it): not even the source does, whatever MTU it learnt.
            SetInt(fd, IpProtoIpv6, Ipv6MtuDiscover, Ipv6PmtuDiscProbe);
        }

        ushort identifier;
        if (mode == IcmpSocketMode.Datagram)
        {
            // Ping sockets drop ICMP errors silently unless asked to queue them.
            SetInt(fd, v6 ? IpProtoIpv6 : IpProtoIp, v6 ? Ipv6RecvErr : IpRecvErr, 1);
            identifier = BindEphemeral(fd, v6, source?.Address);
        }
        else
        {
            InstallFilter(fd, v6);
            if (source?.Address is { } address)
            {
                BindEphemeral(fd, v6, address);
            }

            identifier = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        }

        return new LinuxIcmpSocket(fd, family, mode, identifier, dontFragment);
    }

    // The kernel rewrites the identifier of ping sockets to the bound "port" and delivers only matching replies.
    // Bound to a source address, packets leave from it (a raw socket then also sees only packets to it).
    private static ushort BindEphemeral(int fd, bool v6, System.Net.IPAddress? source)
    {
        byte* address = stackalloc byte[28];
        new Span<byte>(address, 28).Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(address, 2), (ushort)(v6 ? AfInet6 : AfInet));
        if (source is not null && !source.TryWriteBytes(new Span<byte>(address + (v6 ? 8 : 4), v6 ? 16 : 4), out _))
        {
            Close(fd);
            throw new IcmpUnavailableException($"source {source} is not an {(v6 ? "IPv6" : "IPv4")} address");
        }

        uint length = v6 ? 28u : 16u;
        if (LinuxNative.Bind(fd, address, length) != 0 || GetSockName(fd, address, &length) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            Close(fd);
            string what = source is null ? "ping socket" : $"to source {source}";
            throw new IcmpUnavailableException($"cannot bind {what}: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(address + 2, 2));
    }

    // A raw socket sees every ICMP packet on the host; let through only replies and the errors that quote requests.
    private static void InstallFilter(int fd, bool v6)
    {
        if (v6)
        {
            Span<uint> blocked = stackalloc uint[8];
            blocked.Fill(uint.MaxValue);
            foreach (byte type in new[] { EchoPacket.EchoReplyV6, EchoPacket.UnreachableV6, EchoPacket.PacketTooBigV6, EchoPacket.TimeExceededV6 })
            {
                blocked[type >> 5] &= ~(1u << (type & 31));
            }

            fixed (uint* filter = blocked)
            {
                SetSockOpt(fd, IpProtoIcmpv6, Icmpv6Filter, filter, 32);
            }
        }
        else
        {
            uint blocked = ~((1u << EchoPacket.EchoReplyV4) | (1u << EchoPacket.UnreachableV4) | (1u << EchoPacket.TimeExceededV4));
            SetSockOpt(fd, SolRaw, IcmpFilter, &blocked, sizeof(uint));
        }
    }

    /// <summary>
    /// Where the <paramref name="index"/>-th echo of the next <see cref="SendBatch"/> goes and how long it is (ICMP
    /// payload bytes, at least <see cref="EchoSize.MinimumPayload"/>); returns its first
    /// <see cref="EchoPacket.Length"/> bytes, to be written in place. A <paramref name="hopLimit"/> other than 0
    /// is this echo's TTL (IPv4) or hop limit (IPv6), given as ancillary data, so a trace's echoes share the socket
    /// (and its identifier: one flow for ECMP) with the rounds' without changing theirs.
    /// </summary>
    public Span<byte> Outgoing(int index, ReadOnlySpan<byte> sockaddr, int payloadBytes, byte hopLimit = 0)
    {
        MsgHdr* header = &_outgoing[index].Header;
        if (hopLimit == 0)
        {
            header->ControlLength = 0;
        }
        else
        {
            var control = new Span<byte>((byte*)header->Control, HopLimitControlBytes);
            control.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(control, 20);
            BinaryPrimitives.WriteInt32LittleEndian(control[8..], IsIpv6 ? IpProtoIpv6 : IpProtoIp);
            BinaryPrimitives.WriteInt32LittleEndian(control[12..], IsIpv6 ? Ipv6HopLimit : IpTtl);
            BinaryPrimitives.WriteInt32LittleEndian(control[16..], hopLimit);
            header->ControlLength = HopLimitControlBytes;
        }

        sockaddr.CopyTo(new Span<byte>((byte*)header->Name, SockAddrBytes));
        header->NameLength = (uint)sockaddr.Length;
        var iov = (IoVec*)header->Iov;
        int padding = payloadBytes + 8 - EchoPacket.Length;
        iov[1] = new IoVec { Base = padding > 0 ? s_padding.Value : 0, Length = (nuint)Math.Max(padding, 0) };
        header->IovLength = padding > 0 ? 2u : 1u;
        return new Span<byte>((byte*)iov[0].Base, EchoPacket.Length);
    }

    /// <summary>
    /// Sends the echoes from <paramref name="first"/> up to <paramref name="count"/> in one sendmmsg(2), as far as it
    /// goes: returns how many went, or -1 with the <paramref name="error"/> (errno) of the echo at
    /// <paramref name="first"/>, which did not (ENETUNREACH when there is no route, for example).
    /// </summary>
    public int SendBatch(int first, int count, out int error)
    {
        int sent = SendMMsg(_fd, _outgoing + first, (uint)(count - first), 0);
        error = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        // A ping socket's pending ICMP error (another echo's: "network unreachable from a router") fails the next
        // send instead of a read, and is spent there: that echo did not leave (sendmmsg stops there: a short count,
        // or -1 at the first), and the errors waiting in the error queue would wait for the next one. They are read
        // at the next receive; a short batch is sent on by the caller, a failed first echo again here, so that only
        // its own failure is its own.
        if (Mode == IcmpSocketMode.Datagram && sent < count - first)
        {
            _errorsQueued = true;
        }

        if (sent < 0 && Mode == IcmpSocketMode.Datagram)
        {
            sent = SendMMsg(_fd, _outgoing + first, (uint)(count - first), 0);
            error = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        }

        return sent;
    }

    /// <summary>Blocks until a packet or a queued error can be read or <paramref name="timeout"/> passes.</summary>
    public void WaitReadable(TimeSpan timeout)
    {
        var fd = new PollFd { Fd = _fd, Events = PollIn };
        Poll(&fd, 1, (int)Math.Ceiling(timeout.TotalMilliseconds));
    }

    /// <summary>
    /// A packet or a queued error if one is waiting (it never blocks); the peer's address goes to
    /// <paramref name="peer"/>, and for a queued error the address of who sent it to <paramref name="offender"/>.
    /// <see cref="ReceiveStatus.Nothing"/> when there is nothing.
    /// </summary>
    public ReceivedPacket Receive(Span<byte> buffer, Span<byte> peer, Span<byte> offender)
    {
        // Errors that came together are all read: the ordinary read fails once for all of them (a trace's pass
        // brings dozens at once; read one a failure, the rest waited in the queue for the next error and timed out).
        if (_errorsQueued)
        {
            ReceivedPacket queued = ReceiveQueuedError(buffer, peer, offender);
            if (queued.Status != ReceiveStatus.Nothing)
            {
                return queued;
            }

            _errorsQueued = false;
        }

        if (_nextInBatch == _batched)
        {
            _nextInBatch = _batched = 0;
            int error = ReceiveBatch();
            if (error != 0)
            {
                // With IP_RECVERR a pending ICMP error fails the ordinary read once; the details wait in the error
                // queue (after a batch that did read packets, the next read fails instead).
                if (error is EAgain or EIntr)
                {
                    return new ReceivedPacket(ReceiveStatus.Nothing, 0, 0, null, 0, 0, error, 0);
                }

                _errorsQueued = true;
                return ReceiveQueuedError(buffer, peer, offender);
            }
        }

        MsgHdr* message = &_batch[_nextInBatch].Header;
        int length = Math.Min((int)_batch[_nextInBatch].Length, buffer.Length);
        _nextInBatch++;
        new ReadOnlySpan<byte>((byte*)((IoVec*)message->Iov)->Base, length).CopyTo(buffer);
        int peerLength = CopyPeer(new ReadOnlySpan<byte>((byte*)message->Name, (int)message->NameLength), peer);
        return ReadControl(new ReadOnlySpan<byte>((byte*)message->Control, (int)message->ControlLength), length, peerLength, []);
    }

    // Whatever is waiting, up to a batch, without blocking; the errno when nothing could be read.
    private int ReceiveBatch()
    {
        for (int i = 0; i < BatchPackets; i++)
        {
            // The kernel writes back how much of each it used.
            _batch[i].Header.NameLength = NameBytes;
            _batch[i].Header.ControlLength = ControlBufferBytes;
        }

        int count = RecvMMsg(_fd, _batch, BatchPackets, MsgDontWait, null);
        if (count <= 0)
        {
            return count < 0 ? Marshal.GetLastPInvokeError() : EAgain;
        }

        _batched = count;
        return 0;
    }

    private ReceivedPacket ReceiveQueuedError(Span<byte> buffer, Span<byte> peer, Span<byte> offender)
    {
        const int flags = MsgErrQueue | MsgDontWait;
        fixed (byte* data = buffer)
        fixed (byte* name = _name)
        fixed (byte* control = _control)
        {
            var iov = new IoVec { Base = (nint)data, Length = (nuint)buffer.Length };
            var message = new MsgHdr
            {
                Name = (nint)name,
                NameLength = (uint)_name.Length,
                Iov = (nint)(&iov),
                IovLength = 1,
                Control = (nint)control,
                ControlLength = (nuint)_control.Length,
            };
            nint length = RecvMsg(_fd, &message, flags);
            if (length < 0)
            {
                return new ReceivedPacket(ReceiveStatus.Nothing, 0, 0, null, 0, 0, Marshal.GetLastPInvokeError(), 0);
            }

            int peerLength = CopyPeer(new ReadOnlySpan<byte>(name, (int)message.NameLength), peer);
            return ReadControl(new ReadOnlySpan<byte>(control, (int)message.ControlLength), (int)length, peerLength, offender);
        }
    }

    private int CopyPeer(ReadOnlySpan<byte> sockaddr, Span<byte> peer) => CopyAddress(sockaddr, peer, IsIpv6);

    private static int CopyAddress(ReadOnlySpan<byte> sockaddr, Span<byte> peer, bool ipv6)
    {
        if (ipv6 && sockaddr.Length >= 24)
        {
            sockaddr.Slice(8, 16).CopyTo(peer);
            return 16;
        }

        if (!ipv6 && sockaddr.Length >= 8)
        {
            sockaddr.Slice(4, 4).CopyTo(peer);
            return 4;
        }

        return 0;
    }

    // cmsghdr (LP64): size_t len, int level, int type, then data aligned to 8.
    private static ReceivedPacket ReadControl(ReadOnlySpan<byte> control, int length, int peerLength, Span<byte> offender)
    {
        uint errorInfo = 0;
        int offenderLength = 0;
        byte? ttl = null;
        var status = ReceiveStatus.Packet;
        byte errorType = 0;
        byte errorCode = 0;
        int errorNumber = 0;
        long kernelTime = 0;
        while (control.Length >= 16)
        {
            int cmsgLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(control);
            if (cmsgLength < 16 || cmsgLength > control.Length)
            {
                break;
            }

            int level = BinaryPrimitives.ReadInt32LittleEndian(control[8..]);
            int type = BinaryPrimitives.ReadInt32LittleEndian(control[12..]);
            ReadOnlySpan<byte> data = control[16..cmsgLength];
            if (level == SolSocket && type == SoTimestampNs && data.Length >= 16)
            {
                // struct timespec { long tv_sec; long tv_nsec; }
                kernelTime = (BinaryPrimitives.ReadInt64LittleEndian(data) * 1_000_000_000) + BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
            }
            else if ((level == IpProtoIp && type == IpTtl) || (level == IpProtoIpv6 && type == Ipv6HopLimit))
            {
                ttl = (byte)BinaryPrimitives.ReadInt32LittleEndian(data);
            }
            else if (((level == IpProtoIp && type == IpRecvErr) || (level == IpProtoIpv6 && type == Ipv6RecvErr))
                     && data.Length >= SockExtendedErrLength)
            {
                // struct sock_extended_err { u32 errno; u8 origin, type, code, pad; u32 info, data; }, then the
                // address of the router that sent it (SO_EE_OFFENDER) for an error from the network.
                status = ReceiveStatus.QueuedError;
                errorNumber = BinaryPrimitives.ReadInt32LittleEndian(data);
                bool fromIcmp = data[4] is OriginIcmp or OriginIcmp6;
                errorType = fromIcmp ? data[5] : (byte)0;
                errorCode = fromIcmp ? data[6] : (byte)0;
                errorInfo = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
                ReadOnlySpan<byte> sender = data[SockExtendedErrLength..];
                if (fromIcmp && !offender.IsEmpty && sender.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(sender) is AfInet or AfInet6)
                {
                    offenderLength = CopyAddress(sender, offender, BinaryPrimitives.ReadUInt16LittleEndian(sender) == AfInet6);
                }
            }

            int advance = (cmsgLength + 7) & ~7;
            control = advance >= control.Length ? [] : control[advance..];
        }

        return new ReceivedPacket(status, length, peerLength, ttl, errorType, errorCode, errorNumber, kernelTime) { ErrorInfo = errorInfo, OffenderLength = offenderLength };
    }

    public void Dispose()
    {
        Close(_fd);
        NativeMemory.Free(_batch);
        NativeMemory.Free(_batchMemory);
        NativeMemory.Free(_outgoing);
        NativeMemory.Free(_outgoingMemory);
    }
}
