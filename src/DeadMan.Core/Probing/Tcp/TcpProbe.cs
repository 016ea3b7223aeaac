using System.Net;
using System.Net.Sockets;

namespace DeadMan.Core.Probing.Tcp;

/// <summary>
/// <c>tcp=dstport:N</c>: a TCP handshake in-process, no hping3 and no privileges. A SYN-ACK ("open") and a reset
/// ("refused") both prove the host alive; the handshake time is the RTT. The connection is closed with a reset at
/// once, so probing every second leaves no TIME_WAIT sockets behind on either side.
/// </summary>
internal sealed class TcpProbe(int targetId, IPEndPoint endpoint, SourceBinding? source, ProbeTiming timing, TimeProvider time, IProbeSink sink) : IProbe
{
    private static readonly TimeSpan s_warmUpLimit = TimeSpan.FromSeconds(1);
    private static int s_warm;

    private readonly CancellationTokenSource _disposed = new();

    /// <summary>
    /// A probe; before the first of the process, two handshakes with a listener of our own on loopback: the first
    /// handshake of a run otherwise pays for loading and compiling the connect path inside its RTT (measured: 7.65 ms
    /// against 0.2 ms after), and that one figure skews AVG and jitter for long.
    /// </summary>
    public static TcpProbe Create(int targetId, IPEndPoint endpoint, SourceBinding? source, ProbeTiming timing, TimeProvider time, IProbeSink sink)
    {
        if (Interlocked.Exchange(ref s_warm, 1) == 0)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using var answered = new ManualResetEventSlim();
            using var probe = new TcpProbe(-1, (IPEndPoint)listener.LocalEndpoint, null, timing, time, new WarmUpSink(answered));
            // Twice: the second handshake still ran a third slower than the tenth (measured).
            for (int round = 0; round < 2; round++)
            {
                answered.Reset();
                probe.Send(round);
                answered.Wait(s_warmUpLimit);
            }
        }

        return new TcpProbe(targetId, endpoint, source, timing, time, sink);
    }

    public void Send(long round) => _ = ProbeAsync(round);

    private async Task ProbeAsync(long round)
    {
        ProbeResult result;
        try
        {
            result = await HandshakeAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (!_disposed.IsCancellationRequested)
        {
            sink.Report(targetId, round, result);
        }
    }

    private async Task<ProbeResult> HandshakeAsync()
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.LingerState = new LingerOption(true, 0);
        using var timeout = new CancellationTokenSource(timing.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposed.Token);
        long start = 0;
        try
        {
            source?.Apply(socket);
            start = time.GetTimestamp();
            await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            return ProbeResult.Reply(ProbeOutcome.Reply, time.GetElapsedTime(start), "open");
        }
        catch (OperationCanceledException)
        {
            return ProbeResult.Timeout();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return ProbeResult.Reply(ProbeOutcome.Refused, time.GetElapsedTime(start), "refused");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            return ProbeResult.Failed(ProbeOutcome.Unreachable, e.Message.ToLowerInvariant());
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return ProbeResult.Timeout();
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed(ProbeOutcome.Error, source is null ? e.Message : $"source {source}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
