using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Relay;
using DeadMan.Core.Snmp;

namespace DeadMan.Fuzz;

/// <summary>An agent's answers to a DISMAN-PING-MIB test, as bytes off the wire: always an outcome, or "not yet".</summary>
public static class SnmpPingTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (!SnmpMessage.TryDecode(input, out SnmpMessage? message, out _))
        {
            return;
        }

        PingMibAnswer.Created(message!.Pdu, "192.0.2.1:161");
        if (PingMibAnswer.Results(message.Pdu) is { } result)
        {
            Oracle.Check(result.Outcome != ProbeOutcome.Reply || result.Rtt >= TimeSpan.Zero, $"reply with RTT {result.Rtt}");
        }
    }
}
