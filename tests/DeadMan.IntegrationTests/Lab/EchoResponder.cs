using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Platform;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// Answers IPv4 echo requests inside a namespace after a chosen delay (plus jitter), optionally more than once:
/// the delay line this kernel's missing netem would give. The namespace's own echo replies must be switched off
/// (<c>net.ipv4.icmp_echo_ignore_all=1</c>) so only this answers. With an address to answer from, replies leave
/// from it whatever was pinged, like a router answering from its uplink or a NAT.
/// </summary>
public sealed class EchoResponder : IDisposable
{
    private readonly Socket _socket;
    private readonly Socket _replySocket;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _jitter;
    private readonly int _copies;
    private readonly PriorityQueue<(byte[] Reply, EndPoint To), long> _due = new();
    private readonly Thread _receiver;
    private readonly Thread _sender;
    private readonly Random _random = new(2026);
    private volatile bool _stopping;
    private int _replies;

    private EchoResponder(Socket socket, Socket replies, TimeSpan delay, TimeSpan jitter, int copies)
    {
        _socket = socket;
        _replySocket = replies;
        _delay = delay;
        _jitter = jitter;
        _copies = copies;
        _receiver = new Thread(Receive) { IsBackground = true, Name = "echo-responder-receive" };
        _sender = new Thread(SendWhenDue) { IsBackground = true, Name = "echo-responder-send" };
        _receiver.Start();
        _sender.Start();
    }

    public int Requests { get; private set; }

    /// <summary>Replies sent so far, copies included.</summary>
    public int Replies => Volatile.Read(ref _replies);

    public static EchoResponder StartIn(NetnsLab lab, string ns, TimeSpan delay, TimeSpan jitter = default, int copies = 1, string? answerFrom = null)
    {
        lab.Sysctl(ns, "net.ipv4.icmp_echo_ignore_all=1");
        Socket socket = NetworkNamespace.Run(ns, () => Raw(IPAddress.Any));
        socket.ReceiveTimeout = 100;
        // A raw socket bound to an address sends from it (and hears only what is sent to it, hence two sockets).
        Socket replies = answerFrom is null ? socket : NetworkNamespace.Run(ns, () => Raw(IPAddress.Parse(answerFrom)));
        return new EchoResponder(socket, replies, delay, jitter, copies);
    }

    private static Socket Raw(IPAddress bindTo)
    {
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        raw.Bind(new IPEndPoint(bindTo, 0));
        return raw;
    }

    private void Receive()
    {
        byte[] buffer = new byte[2048];
        while (!_stopping)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }

            int header = (buffer[0] & 0x0F) * 4;
            if (length < header + 8 || buffer[header] != 8)
            {
                continue;
            }

            byte[] reply = buffer[header..length];
            reply[0] = 0;
            reply[2] = reply[3] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), Checksum(reply));
            long due = Stopwatch.GetTimestamp() + (long)((_delay + (_jitter * ((_random.NextDouble() * 2) - 1))).TotalSeconds * Stopwatch.Frequency);
            lock (_due)
            {
                Requests++;
                _due.Enqueue((reply, from), due);
                Monitor.Pulse(_due);
            }
        }
    }

    private void SendWhenDue()
    {
        while (!_stopping)
        {
            (byte[] Reply, EndPoint To) next;
            lock (_due)
            {
                if (!_due.TryPeek(out next, out long due))
                {
                    Monitor.Wait(_due, 50);
                    continue;
                }

                TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    Monitor.Wait(_due, wait - TimeSpan.FromMilliseconds(1));
                    continue;
                }

                if (wait > TimeSpan.Zero)
                {
                    continue;
                }

                _due.Dequeue();
            }

            for (int copy = 0; copy < _copies; copy++)
            {
                _replySocket.SendTo(next.Reply, next.To);
                Interlocked.Increment(ref _replies);
            }
        }
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if ((data.Length & 1) == 1)
        {
            sum += (uint)data[^1] << 8;
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    public void Dispose()
    {
        _stopping = true;
        lock (_due)
        {
            Monitor.PulseAll(_due);
        }

        _receiver.Join();
        _sender.Join();
        _socket.Dispose();
        _replySocket.Dispose();
    }
}
