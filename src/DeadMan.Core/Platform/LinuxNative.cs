using System.Runtime.InteropServices;

namespace DeadMan.Core.Platform;

/// <summary>
/// The libc calls .NET's Socket does not expose: recvmsg with ancillary data (TTL, ICMP errors from the
/// error queue) and raw options. Layouts are LP64 Linux (x86_64, arm64).
/// </summary>
internal static partial class LinuxNative
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockRaw = 3;
    public const int SockDgram = 2;
    public const int SockCloexec = 0x80000;
    public const int IpProtoIp = 0;
    public const int IpProtoIcmp = 1;
    public const int IpProtoIpv6 = 41;
    public const int IpProtoIcmpv6 = 58;
    public const int SolSocket = 1;
    public const int SolRaw = 255;
    public const int SoRcvbuf = 8;
    public const int SoRcvbufForce = 33;
    public const int SoTimestampNs = 35;
    public const int SoBindToDevice = 25;
    public const int IpTtl = 2;
    public const int IpRecvErr = 11;
    public const int IpRecvTtl = 12;
    public const int IpMtuDiscover = 10;
    public const int IpPmtuDiscDont = 0;
    public const int IpPmtuDiscProbe = 3;
    public const int Ipv6MtuDiscover = 23;
    public const int Ipv6PmtuDiscProbe = 3;
    public const int Ipv6RecvErr = 25;
    public const int Ipv6RecvHopLimit = 51;
    public const int Ipv6HopLimit = 52;
    public const int IcmpFilter = 1;
    public const int Icmpv6Filter = 1;
    public const int MsgErrQueue = 0x2000;
    public const int MsgDontWait = 0x40;
    public const short PollIn = 0x1;
    public const int EfdCloexec = 0x80000;
    public const int EAgain = 11;
    public const int EIntr = 4;
    public const int ENetUnreach = 101;
    public const int EHostUnreach = 113;
    public const int EMsgSize = 90;
    public const int ORdOnly = 0;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloexec = 0x80000;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxType = 0x1;
    public const uint StatxSize = 0x200;
    public const int StatxModeOffset = 28;
    public const int StatxSizeOffset = 40;
    public const int StatxLength = 256;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: a msghdr and the bytes received into it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static unsafe partial int Bind(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static unsafe partial int GetSockName(int fd, byte* address, uint* length);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static unsafe partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static unsafe partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static unsafe partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>statx(2): unlike struct stat, its layout is the same on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    public static unsafe int SetInt(int fd, int level, int name, int value) => SetSockOpt(fd, level, name, &value, sizeof(int));

    private const int RlimitNofile = 7;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static unsafe partial int GetRLimit(int resource, ulong* limits);

    /// <summary>How many files this process may have open (RLIMIT_NOFILE, soft); 1,024 when it cannot be read.</summary>
    public static unsafe long OpenFileLimit()
    {
        // struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; }, 64-bit each on LP64.
        ulong* limits = stackalloc ulong[2];
        return GetRLimit(RlimitNofile, limits) == 0 ? (long)Math.Min(limits[0], int.MaxValue) : 1024;
    }
}
