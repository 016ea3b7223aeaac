using System.Net;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;

namespace DeadMan.Fuzz;

/// <summary>
/// The ICMP and ICMPv6 receive path: bytes as a socket hands them over, with the address they came from, given to
/// the demultiplexer while two probes wait. Every packet either ends one probe or is dropped and counted; a reply
/// ends a probe only when it came from that probe's address; a packet seen twice never ends a probe twice; and
/// after the timeout every probe has ended exactly once.
/// <code>
/// input: [mode] [peer] [packet …]
///   mode bit 0: IPv6; bit 1: raw socket (identifier checked; IPv4 with its IP header); bit 2: from the error queue
///   peer: 0 = probe A's address, 1 = probe B's, anything else = a stranger
/// </code>
/// </summary>
public static class IcmpReplyTarget
{
    public const ulong Cookie = 0x0123456789ABCDEF;
    public const ushort RawIdentifier = 0x1234;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        bool ipv6 = (input[0] & 1) != 0;
        bool raw = (input[0] & 2) != 0;
        bool queued = (input[0] & 4) != 0;
        var clock = new ManualClock();
        var sink = new CountingSink();
        var demux = new ReplyDemux(ipv6, raw && !ipv6, raw ? RawIdentifier : null, Cookie, clock, new ProbeTiming(s_timeout, s_timeout));
        EchoWaiter[] waiters = [Waiter(1, ipv6, sink), Waiter(2, ipv6, sink)];
        foreach (EchoWaiter waiter in waiters)
        {
            demux.Register(waiter, round: 0);
        }

        byte[] peer = input[1] switch
        {
            0 => waiters[0].Destination.AddressBytes,
            1 => waiters[1].Destination.AddressBytes,
            _ => ipv6 ? IPAddress.Parse("2001:db8::99").GetAddressBytes() : [192, 0, 2, 99],
        };
        byte[] packet = input[2..].ToArray();
        for (int copy = 0; copy < 2; copy++)
        {
            int before = sink.Count + (int)demux.Dropped;
            Deliver(demux, packet, peer, queued);
            Oracle.Check(sink.Count + (int)demux.Dropped == before + 1, "a packet neither ended a probe nor was counted as dropped");
        }

        foreach (var (targetId, result) in sink.Results)
        {
            bool fromItsAddress = !queued && waiters[targetId - 1].Destination.Is(peer);
            Oracle.Check(result.Outcome != ProbeOutcome.Reply || fromItsAddress, $"target {targetId} took a reply from elsewhere");
        }

        clock.Advance(s_timeout);
        demux.Expire(clock.GetTimestamp(), []);
        foreach (EchoWaiter waiter in waiters)
        {
            int ended = sink.Results.Count(r => r.TargetId == waiter.TargetId);
            Oracle.Check(ended == 1, $"target {waiter.TargetId} ended {ended} times");
        }
    }

    private static void Deliver(ReplyDemux demux, byte[] packet, byte[] peer, bool queued)
    {
        var received = new ReceivedPacket(queued ? ReceiveStatus.QueuedError : ReceiveStatus.Packet, packet.Length, peer.Length, 64,
                                          queued ? (byte)3 : (byte)0, 1, 113, 0);
        if (queued)
        {
            demux.AcceptQueuedError(packet, peer, peer, received);
        }
        else
        {
            demux.Accept(packet, peer, received);
        }
    }

    private static EchoWaiter Waiter(int id, bool ipv6, IProbeSink sink) =>
        new(id, IcmpDestination.For(IPAddress.Parse(ipv6 ? $"2001:db8::{id}" : $"192.0.2.{id}")), sink);

    private sealed class CountingSink : IProbeSink
    {
        public List<(int TargetId, ProbeResult Result)> Results { get; } = [];

        public int Count => Results.Count;

        public void Report(int targetId, long round, ProbeResult result) => Results.Add((targetId, result));
    }
}
