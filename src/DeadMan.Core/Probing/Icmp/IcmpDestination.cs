using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>A target address prepared once: the sockaddr to send to and the bytes a reply must come from.</summary>
internal sealed class IcmpDestination
{
    private IcmpDestination(IPAddress address, byte[] sockaddr, byte[] addressBytes)
    {
        Address = address;
        SockAddr = sockaddr;
        AddressBytes = addressBytes;
    }

    public IPAddress Address { get; }

    public byte[] SockAddr { get; }

    public byte[] AddressBytes { get; }

    public static IcmpDestination For(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        byte[] sockaddr;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // sockaddr_in6: family, port, flowinfo, address, scope id (host byte order).
            sockaddr = new byte[28];
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, 10);
            bytes.CopyTo(sockaddr, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(sockaddr.AsSpan(24), (uint)address.ScopeId);
        }
        else
        {
            // sockaddr_in: family, port, address, 8 bytes of zero.
            sockaddr = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, 2);
            bytes.CopyTo(sockaddr, 4);
        }

        return new IcmpDestination(address, sockaddr, bytes);
    }

    public bool Is(ReadOnlySpan<byte> address) => address.SequenceEqual(AddressBytes);
}
