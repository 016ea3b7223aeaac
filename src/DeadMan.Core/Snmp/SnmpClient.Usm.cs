using System.Collections.Concurrent;
using System.Net;
using DeadMan.Core.Snmp.Ber;
using DeadMan.Core.Snmp.Usm;

namespace DeadMan.Core.Snmp;

// SNMPv3 with the User-based Security Model (RFC 3414): engine discovery, time synchronisation, keys localised once
// per engine, and each USM report turned into a state that says what to fix.
public sealed partial class SnmpClient
{
    private static readonly Oid s_usmStats = Oid.Parse("1.3.6.1.6.3.15.1.1");
    private readonly ConcurrentDictionary<IPEndPoint, AgentEngine> _engines = new();
    private readonly ConcurrentDictionary<(UsmUser User, string Engine), UsmKeys> _keys = new();
    private long _salt = Random.Shared.NextInt64();

    private async Task<SnmpPdu> RequestV3Async(SnmpAgent agent, UsmUser user, byte type, int errorStatusOrNonRepeaters, int errorIndexOrRepetitions,
                                               IReadOnlyList<VarBind> binds, CancellationToken cancellationToken)
    {
        AgentEngine engine = await EngineAsync(agent, cancellationToken).ConfigureAwait(false);
        for (int resynced = 0; ; resynced++)
        {
            UsmKeys keys = _keys.GetOrAdd((user, Convert.ToHexString(engine.Id)), k => k.User.KeysFor(engine.Id));
            (int boots, int time) = engine.Clock();
            int id = NextId();
            var pdu = new SnmpPdu(type, id, errorStatusOrNonRepeaters, errorIndexOrRepetitions, binds);
            byte[] datagram = UsmCodec.Encode(id, new UsmHeader(engine.Id, boots, time, user.Name), keys, reportable: true, pdu, (ulong)Interlocked.Increment(ref _salt));
            // net-snmp answers a wrong privacy password with nothing at all (it cannot parse what it decrypted).
            string silence = user.Priv == PrivProtocol.None ? "agent down?" : "agent down, or a wrong privacy password?";
            SnmpAnswer answer = await ExchangeAsync(agent, id, datagram, keys, silence, cancellationToken).ConfigureAwait(false);
            UsmMessage message = answer.V3!;
            if (message.Authenticated)
            {
                engine.Heard(message.Header.Boots, message.Header.Time);
            }

            if (message.Pdu.Type == BerTag.Response)
            {
                // An answer must come at the level it was asked at: an unsigned "response" to a signed request is forged.
                return user.Auth == AuthProtocol.None || message.Authenticated
                    ? message.Pdu
                    : throw new SnmpSecurityException("unauthenticated-response", $"{agent.Endpoint} answered a signed request unsigned");
            }

            SnmpSecurityException refusal = Refusal(agent, user, message);
            if (resynced > 0 || refusal.State is not ("not-in-time-window" or "unknown-engine"))
            {
                throw refusal;
            }

            if (refusal.State == "not-in-time-window" && message.Authenticated)
            {
                engine.Reset(message.Header.Boots, message.Header.Time);
            }
            else
            {
                // A new engine ID (the agent was replaced or reconfigured): discover it again.
                _engines.TryRemove(Destination(agent), out _);
                engine = await EngineAsync(agent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // RFC 3414 §4: a reportable request with no engine ID and no user draws a report carrying the engine's ID, boots
    // and time. Asked once per agent; a restart that changes the ID is met with unknownEngineID and asked again.
    private async Task<AgentEngine> EngineAsync(SnmpAgent agent, CancellationToken cancellationToken)
    {
        IPEndPoint destination = Destination(agent);
        if (_engines.TryGetValue(destination, out AgentEngine? known))
        {
            return known;
        }

        int id = NextId();
        var probe = new SnmpPdu(BerTag.GetRequest, id, 0, 0, []);
        byte[] datagram = UsmCodec.Encode(id, new UsmHeader([], 0, 0, ""), UsmKeys.None, reportable: true, probe, 0);
        SnmpAnswer answer = await ExchangeAsync(agent, id, datagram, UsmKeys.None, "agent down, or it does not speak SNMPv3", cancellationToken).ConfigureAwait(false);
        UsmHeader header = answer.V3!.Header;
        if (header.EngineId.Length == 0)
        {
            throw new SnmpSecurityException("unknown-engine", $"{agent.Endpoint} did not say its SNMP engine ID");
        }

        var engine = new AgentEngine(header.EngineId, header.Boots, header.Time, _time.GetTimestamp(), _time);
        return _engines.GetOrAdd(destination, engine);
    }

    private static SnmpSecurityException Refusal(SnmpAgent agent, UsmUser user, UsmMessage report)
    {
        Oid? counter = report.Pdu.VarBinds.Count > 0 ? report.Pdu.VarBinds[0].Oid : null;
        uint which = counter is not null && counter.StartsWith(s_usmStats) && counter.Arcs.Length > s_usmStats.Arcs.Length ? counter.Arcs[s_usmStats.Arcs.Length] : 0;
        string engine = Convert.ToHexString(report.Header.EngineId).ToLowerInvariant();
        return which switch
        {
            1 => new SnmpSecurityException("unsupported-security-level", $"{agent.Endpoint}: unsupported security level {user.Level} for user '{user.Name}' (the agent's user has no such keys)"),
            2 => new SnmpSecurityException("not-in-time-window", $"{agent.Endpoint}: not in time window, even after resynchronising (engine {engine})"),
            3 => new SnmpSecurityException("unknown-user", $"{agent.Endpoint}: unknown user '{user.Name}' (engine {engine})"),
            4 => new SnmpSecurityException("unknown-engine", $"{agent.Endpoint}: unknown engine ID, even after discovery"),
            5 => new SnmpSecurityException("wrong-digest", $"{agent.Endpoint}: wrong digest for user '{user.Name}': authentication password or protocol?"),
            6 => new SnmpSecurityException("decryption-error", $"{agent.Endpoint}: decryption error for user '{user.Name}': privacy password?"),
            _ => new SnmpSecurityException("report", $"{agent.Endpoint}: report {counter?.ToString() ?? "without a varbind"}"),
        };
    }
}
