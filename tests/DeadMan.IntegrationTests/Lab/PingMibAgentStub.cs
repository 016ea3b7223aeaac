using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;
using DeadMan.Core.Snmp.Usm;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// A STUB SNMPv2c agent with DISMAN-PING-MIB (RFC 4560) for tests only, on loopback: no agent here implements the
/// MIB (Debian's snmpd lacks it). It keeps pingCtlTable rows made with createAndGo, "completes" each one-probe test
/// after a moment, answering for the addresses it is told are alive (2 ms) and timing out the others; it pings
/// nothing. Rows appear in pingResultsTable only once the test has run, as on real agents.
/// Given a user, it speaks SNMPv3 instead: it answers discovery with its engine and clock (a usmStatsUnknownEngineIDs
/// report) and then only messages signed and encrypted with that user's keys, as an agent with an authPriv user does.
/// </summary>
public sealed class PingMibAgentStub : IDisposable
{
    private static readonly Oid s_ctl = Oid.Parse("1.3.6.1.2.1.80.1.2.1");
    private static readonly Oid s_results = Oid.Parse("1.3.6.1.2.1.80.1.3.1");
    private static readonly Oid s_unknownEngineIds = Oid.Parse("1.3.6.1.6.3.15.1.1.4.0");
    private static readonly byte[] s_engineId = [0x80, 0x00, 0x1f, 0x88, 0x04, .. "dm-stub"u8];
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly UsmUser? _user;
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<string, (byte[] Target, DateTime Started)> _rows = [];
    private readonly HashSet<IPAddress> _alive;
    private readonly string _community;
    private readonly Task _serving;

    public PingMibAgentStub(string community, params IPAddress[] alive)
        : this(community, null, alive)
    {
    }

    public PingMibAgentStub(UsmUser user, params IPAddress[] alive)
        : this("", user, alive)
    {
    }

    private PingMibAgentStub(string community, UsmUser? user, IPAddress[] alive)
    {
        _community = community;
        _user = user;
        _alive = [.. alive];
        _serving = ServeAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>Rows created so far (owner.test index, as text).</summary>
    public int Created { get; private set; }

    public int Destroyed { get; private set; }

    private async Task ServeAsync()
    {
        while (true)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _socket.ReceiveAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_user is not null)
            {
                if (AnswerV3(datagram.Buffer, _user) is { } answerV3)
                {
                    await _socket.SendAsync(answerV3, datagram.RemoteEndPoint);
                }

                continue;
            }

            if (!SnmpMessage.TryDecode(datagram.Buffer, out SnmpMessage? request, out _)
                || System.Text.Encoding.UTF8.GetString(request!.Community) != _community)
            {
                continue; // as agents do: silence for a wrong community
            }

            SnmpPdu answer = request.Pdu.Type == BerTag.SetRequest ? Set(request.Pdu) : Get(request.Pdu);
            await _socket.SendAsync((request with { Pdu = answer with { Type = BerTag.Response } }).Encode(), datagram.RemoteEndPoint);
        }
    }

    // Discovery gets the engine and its clock; anything else must carry the user's signature and encryption.
    private byte[]? AnswerV3(byte[] datagram, UsmUser user)
    {
        UsmKeys keys = user.KeysFor(s_engineId);
        if (UsmCodec.TryDecode(datagram, keys, out UsmMessage? request) != UsmFailure.None)
        {
            return null;
        }

        int time = (int)(DateTime.UtcNow - _started).TotalSeconds;
        if (request!.Header.EngineId.Length == 0)
        {
            var report = new SnmpPdu(BerTag.Report, request.Pdu.RequestId, 0, 0, [new VarBind(s_unknownEngineIds, SnmpValue.OfUnsigned(BerTag.Counter32, 1))]);
            return UsmCodec.Encode(request.MessageId, new UsmHeader(s_engineId, 1, time, ""), UsmKeys.None, false, report, 0);
        }

        if (!request.Authenticated || request.Header.User != user.Name)
        {
            return null;
        }

        SnmpPdu answer = request.Pdu.Type == BerTag.SetRequest ? Set(request.Pdu) : Get(request.Pdu);
        return UsmCodec.Encode(request.MessageId, new UsmHeader(s_engineId, 1, time, user.Name), keys, false, answer with { Type = BerTag.Response },
                               (ulong)Random.Shared.NextInt64());
    }

    private SnmpPdu Set(SnmpPdu pdu)
    {
        lock (_rows)
        {
            string row = Row(pdu.VarBinds[0].Oid, s_ctl);
            VarBind? status = pdu.VarBinds.FirstOrDefault(v => v.Oid.Arcs[s_ctl.Arcs.Length] == 23);
            if (status?.Value.Number == 6)
            {
                Destroyed += _rows.Remove(row) ? 1 : 0;
            }
            else if (status?.Value.Number == 4)
            {
                byte[] target = pdu.VarBinds.Single(v => v.Oid.Arcs[s_ctl.Arcs.Length] == 4).Value.Bytes.ToArray();
                _rows[row] = (target, DateTime.UtcNow);
                Created++;
            }

            return pdu;
        }
    }

    private SnmpPdu Get(SnmpPdu pdu)
    {
        lock (_rows)
        {
            var answers = pdu.VarBinds.Select(v =>
            {
                string row = Row(v.Oid, s_results);
                if (!v.Oid.StartsWith(s_results) || !_rows.TryGetValue(row, out var test) || DateTime.UtcNow - test.Started < TimeSpan.FromMilliseconds(50))
                {
                    return new VarBind(v.Oid, new SnmpValue(BerTag.NoSuchInstance, 0, 0, default, null));
                }

                bool alive = _alive.Contains(new IPAddress(test.Target));
                return new VarBind(v.Oid, v.Oid.Arcs[s_results.Arcs.Length] switch
                {
                    1 => SnmpValue.OfInteger(3), // completed
                    6 => SnmpValue.OfUnsigned(BerTag.Gauge32, alive ? 2u : 0u),
                    7 => SnmpValue.OfUnsigned(BerTag.Gauge32, alive ? 1u : 0u),
                    8 => SnmpValue.OfUnsigned(BerTag.Gauge32, 1),
                    _ => new SnmpValue(BerTag.NoSuchObject, 0, 0, default, null),
                });
            }).ToList();
            return pdu with { VarBinds = answers };
        }
    }

    // The row index: the arcs after the column.
    private static string Row(Oid oid, Oid entry) => string.Join('.', oid.Arcs[(entry.Arcs.Length + 1)..].ToArray());

    public void Dispose()
    {
        _socket.Dispose();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
