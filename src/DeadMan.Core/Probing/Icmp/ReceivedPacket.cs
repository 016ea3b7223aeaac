namespace DeadMan.Core.Probing.Icmp;

/// <summary>Metadata of one receive; the bytes and the peer address are in the caller's buffers.</summary>
/// <param name="PeerLength">Bytes of address written: the sender, or for a queued error our request's destination.</param>
/// <param name="Ttl">TTL or hop limit from ancillary data, when the kernel gave one.</param>
/// <param name="ErrorType">For a queued error: the ICMP type that caused it (0 when the error was local).</param>
/// <param name="KernelTimeUnixNanoseconds">When the kernel received the packet (SO_TIMESTAMPNS, wall clock), or 0.</param>
internal readonly record struct ReceivedPacket(
    ReceiveStatus Status,
    int Length,
    int PeerLength,
    byte? Ttl,
    byte ErrorType,
    byte ErrorCode,
    int ErrorNumber,
    long KernelTimeUnixNanoseconds)
{
    /// <summary>For a queued error: what it says beyond its type (the MTU of a "too big").</summary>
    public uint ErrorInfo { get; init; }

    /// <summary>For a queued error from the network: bytes of the sender's address written (4 or 16), or 0.</summary>
    public int OffenderLength { get; init; }
}
