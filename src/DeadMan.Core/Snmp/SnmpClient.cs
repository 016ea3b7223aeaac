using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DeadMan.Core.Snmp.Ber;
using DeadMan.Core.Snmp.Usm;

namespace DeadMan.Core.Snmp;

/// <summary>
/// SNMPv2c and SNMPv3 (USM) over one UDP socket (dual-stack, so IPv4 and IPv6 agents share it) with any number of
/// requests in flight, matched by request-id (v3: msgID) and the agent's address. A retry resends the same
/// request-id, so a late answer to the first try still counts. A tooBig answer to a GET is retried in halves.
/// </summary>
public sealed partial class SnmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly bool _dualMode;
    private readonly TimeProvider _time;
    private int _nextRequestId = Random.Shared.Next(1, int.MaxValue / 2);

    public SnmpClient()
        : this(TimeProvider.System)
    {
    }

    /// <param name="time">The clock that carries v3 agents' engine time forward between answers.</param>
    public SnmpClient(TimeProvider time)
    {
        _time = time;
        try
        {
            _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            _socket.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            _dualMode = true;
        }
        catch (SocketException)
        {
            // A kernel without IPv6: IPv4 agents only.
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        }

        _receiving = Task.Run(ReceiveAsync);
    }

    public async Task<SnmpPdu> GetAsync(SnmpAgent agent, IReadOnlyList<Oid> oids, CancellationToken cancellationToken)
    {
        SnmpPdu response = await RequestAsync(agent, BerTag.GetRequest, 0, 0, oids, cancellationToken).ConfigureAwait(false);
        if (response.ErrorStatus != SnmpPdu.TooBig || oids.Count < 2)
        {
            return response;
        }

        int half = oids.Count / 2;
        SnmpPdu first = await GetAsync(agent, oids.Take(half).ToList(), cancellationToken).ConfigureAwait(false);
        SnmpPdu second = await GetAsync(agent, oids.Skip(half).ToList(), cancellationToken).ConfigureAwait(false);
        SnmpPdu failed = first.ErrorStatus != 0 ? first : second;
        int index = failed == second && second.ErrorIndex > 0 ? second.ErrorIndex + half : failed.ErrorIndex;
        return response with { ErrorStatus = failed.ErrorStatus, ErrorIndex = index, VarBinds = [.. first.VarBinds, .. second.VarBinds] };
    }

    public Task<SnmpPdu> GetBulkAsync(SnmpAgent agent, int nonRepeaters, int maxRepetitions, IReadOnlyList<Oid> oids, CancellationToken cancellationToken) =>
        RequestAsync(agent, BerTag.GetBulkRequest, nonRepeaters, maxRepetitions, oids, cancellationToken);

    /// <summary>Every varbind under <paramref name="column"/>, by GetBulk, in order.</summary>
    public async Task<IReadOnlyList<VarBind>> WalkAsync(SnmpAgent agent, Oid column, CancellationToken cancellationToken, int maxRepetitions = 20)
    {
        var rows = new List<VarBind>();
        Oid next = column;
        while (true)
        {
            SnmpPdu page = await GetBulkAsync(agent, 0, maxRepetitions, [next], cancellationToken).ConfigureAwait(false);
            foreach (VarBind bind in page.VarBinds)
            {
                if (bind.Value.IsException || !bind.Oid.StartsWith(column))
                {
                    return rows;
                }

                rows.Add(bind);
                next = bind.Oid;
            }

            if (page.VarBinds.Count == 0)
            {
                return rows;
            }
        }
    }

    /// <summary>SetRequest: every varbind set at once, or none (the agent's error-status and index say which failed).</summary>
    public Task<SnmpPdu> SetAsync(SnmpAgent agent, IReadOnlyList<VarBind> values, CancellationToken cancellationToken) =>
        RequestAsync(agent, BerTag.SetRequest, 0, 0, values, cancellationToken);

    private Task<SnmpPdu> RequestAsync(SnmpAgent agent, byte type, int errorStatusOrNonRepeaters, int errorIndexOrRepetitions, IReadOnlyList<Oid> oids, CancellationToken cancellationToken) =>
        RequestAsync(agent, type, errorStatusOrNonRepeaters, errorIndexOrRepetitions, oids.Select(o => new VarBind(o, SnmpValue.Null)).ToList(), cancellationToken);

    private async Task<SnmpPdu> RequestAsync(SnmpAgent agent, byte type, int errorStatusOrNonRepeaters, int errorIndexOrRepetitions, IReadOnlyList<VarBind> binds, CancellationToken cancellationToken)
    {
        if (agent.User is { } user)
        {
            return await RequestV3Async(agent, user, type, errorStatusOrNonRepeaters, errorIndexOrRepetitions, binds, cancellationToken).ConfigureAwait(false);
        }

        int requestId = NextId();
        var pdu = new SnmpPdu(type, requestId, errorStatusOrNonRepeaters, errorIndexOrRepetitions, binds);
        byte[] datagram = new SnmpMessage(SnmpMessage.Version2c, Encoding.UTF8.GetBytes(agent.Community), pdu).Encode();
        SnmpAnswer answer = await ExchangeAsync(agent, requestId, datagram, keys: null, "agent down, or wrong community", cancellationToken).ConfigureAwait(false);
        return answer.Pdu;
    }

    // Positive 31-bit request-ids: some agents mishandle negative ones.
    private int NextId() => Interlocked.Increment(ref _nextRequestId) & int.MaxValue;

    private IPEndPoint Destination(SnmpAgent agent) =>
        _dualMode && agent.Endpoint.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(agent.Endpoint.Address.MapToIPv6(), agent.Endpoint.Port)
            : agent.Endpoint;

    // Sends the datagram, and again after each timeout, until an answer with this id comes from the agent.
    private async Task<SnmpAnswer> ExchangeAsync(SnmpAgent agent, int id, byte[] datagram, UsmKeys? keys, string silence, CancellationToken cancellationToken)
    {
        IPEndPoint destination = Destination(agent);
        var pending = new Pending(destination, keys);
        _pending[id] = pending;
        try
        {
            for (int attempt = 0; attempt <= agent.Retries; attempt++)
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await pending.Answer.Task.WaitAsync(agent.Timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Send the same request-id again: an answer to either try is welcome.
                }
            }

            throw new SnmpTimeoutException($"no response from {agent.Endpoint} after {agent.Retries + 1} tries of {agent.Timeout.TotalSeconds:0.#} s ({silence})");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveAsync()
    {
        byte[] buffer = new byte[65535];
        EndPoint any = _dualMode ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP port unreachable from an earlier send surfaces here; it belongs to no request
            }

            // A malformed or unsolicited datagram is ignored: it answers nothing we asked. So is a v3 answer whose MAC
            // or encryption is not the request's user's.
            ReadOnlySpan<byte> datagram = buffer.AsSpan(0, received.ReceivedBytes);
            // The version first, cheaply: a v3 answer read as v2c would cost a failed decode (an exception) each time.
            if (UsmCodec.TryReadMessageId(datagram, out int messageId))
            {
                if (_pending.TryGetValue(messageId, out Pending? pending)
                    && pending.Keys is { } keys
                    && received.RemoteEndPoint.Equals(pending.Agent)
                    && UsmCodec.TryDecode(datagram, keys, out UsmMessage? v3) == UsmFailure.None
                    && v3!.Pdu.Type is BerTag.Response or BerTag.Report)
                {
                    pending.Answer.TrySetResult(new SnmpAnswer(v3.Pdu, v3));
                }
            }
            else if (SnmpMessage.TryDecode(datagram, out SnmpMessage? message, out _)
                     && message!.Pdu.Type == BerTag.Response
                     && _pending.TryGetValue(message.Pdu.RequestId, out Pending? pending)
                     && pending.Keys is null
                     && received.RemoteEndPoint.Equals(pending.Agent))
            {
                pending.Answer.TrySetResult(new SnmpAnswer(message.Pdu, null));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiving.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>A request waiting: from whom its answer must come, and for v3 the keys that must have signed it.</summary>
    private sealed record Pending(IPEndPoint Agent, UsmKeys? Keys)
    {
        public TaskCompletionSource<SnmpAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record SnmpAnswer(SnmpPdu Pdu, UsmMessage? V3);
}
