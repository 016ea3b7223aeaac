using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Probing.Dns;

/// <summary>
/// Carries every dns= question of a run: over UDP on one socket per family, shared by all questions as the ICMP
/// engine shares its echo socket (an answer finds its question by ID and by the server it came from), and over TCP
/// on a connection of its own per question (a truncated answer, dns-tcp=on). A socket per question cost DnsClient
/// most of its CPU (README, Performance). Thread-safe; probes ask from any thread.
/// </summary>
internal sealed class DnsTransport : IDisposable
{
    private const int LargestUdpAnswer = 512;

    private readonly TimeProvider _time;
    private readonly Func<AddressFamily, Socket> _open;
    private readonly ConcurrentDictionary<ushort, Pending> _pending = new();
    private readonly Lock _opening = new();
    private readonly CancellationTokenSource _disposed = new();
    private Socket? _v4;
    private Socket? _v6;

    /// <param name="open">
    /// Opens the family's socket, bound, where questions must leave from (a trace's namespace and source); by default
    /// on any address of this namespace.
    /// </param>
    public DnsTransport(TimeProvider time, Func<AddressFamily, Socket>? open = null)
    {
        _time = time;
        _open = open ?? OpenHere;
    }

    /// <summary>The answer from <paramref name="server"/> over UDP, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> AskUdpAsync(IPEndPoint server, DnsQuery query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Socket socket = SocketFor(server.AddressFamily);
        var pending = new Pending(server);
        ushort id;
        do
        {
            id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        }
        while (!_pending.TryAdd(id, pending));

        try
        {
            // A datagram leaves at once or not at all: no need to go through the socket engine for it.
            socket.SendTo(query.With(id), SocketFlags.None, server);
            return await pending.Answer.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<ushort, Pending>(id, pending));
        }
    }

    /// <summary>The answer from <paramref name="server"/> over a TCP connection of its own (RFC 1035 4.2.2: each message after its length).</summary>
    public static async Task<byte[]> AskTcpAsync(IPEndPoint server, DnsQuery query, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        byte[] message = query.With((ushort)Random.Shared.Next(ushort.MaxValue + 1));
        byte[] framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        byte[] length = new byte[2];
        await ReceiveAllAsync(socket, length, cancellationToken).ConfigureAwait(false);
        byte[] answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        await ReceiveAllAsync(socket, answer, cancellationToken).ConfigureAwait(false);
        return answer;
    }

    private static async Task ReceiveAllAsync(Socket socket, Memory<byte> into, CancellationToken cancellationToken)
    {
        while (into.Length > 0)
        {
            int got = await socket.ReceiveAsync(into, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            into = into[got..];
        }
    }

    // The family's socket, opened (and its reading started) by the first question that needs it.
    private Socket SocketFor(AddressFamily family)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        lock (_opening)
        {
            ref Socket? socket = ref family == AddressFamily.InterNetworkV6 ? ref _v6 : ref _v4;
            if (socket is null)
            {
                Socket opened = _open(family);
                new Thread(() => Read(opened)) { IsBackground = true, Name = $"dns {family}" }.Start();
                socket = opened;
            }

            return socket;
        }
    }

    private static Socket OpenHere(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        return socket;
    }

    // Every answer to the family's socket, handed to the question it answers; one from elsewhere, or for a question
    // given up on, is dropped (a spoofed answer would have to guess both the ID and the port). A thread of its own in
    // a blocking receive, and the question's continuation run right here: through the socket engine and the thread
    // pool, each answer woke a worker that spun before sleeping (measured at 100 questions a second: 27,000
    // sched_yield calls in 8 s and more CPU than a socket per question cost DnsClient; here, none).
    private void Read(Socket socket)
    {
        byte[] buffer = new byte[LargestUdpAnswer * 8];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_disposed.IsCancellationRequested)
        {
            int received;
            EndPoint from = any;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, ref from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_disposed.IsCancellationRequested)
            {
                return; // closed under the receive
            }
            catch (SocketException)
            {
                continue; // an ICMP error queued on the socket: the question it concerns times out
            }

            if (received >= 2
                && _pending.TryGetValue(BinaryPrimitives.ReadUInt16BigEndian(buffer), out Pending? pending)
                && from is IPEndPoint sender && sender.Equals(pending.Server))
            {
                pending.Answer.TrySetResult(buffer.AsSpan(0, received).ToArray());
            }
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _v4?.Dispose();
        _v6?.Dispose();
        _disposed.Dispose();
    }

    private sealed class Pending(IPEndPoint server)
    {
        public IPEndPoint Server { get; } = server;

        // The question's own continuation (reading the answer, one report to the sink) runs on the reading thread:
        // handing each answer to another thread-pool thread woke a worker per answer, which spun before sleeping
        // (measured: 28,000 sched_yield calls in 8 s at 100 questions a second).
        public TaskCompletionSource<byte[]> Answer { get; } = new();
    }
}
