using DeadMan.Core.Snmp;

namespace DeadMan.Core.Probing.Relay;

/// <summary>
/// What an agent's answers mean for a DISMAN-PING-MIB (RFC 4560) test: the answer to creating the test row, and the
/// pingResultsTable read after it. Pure, so that anything an agent sends — a hostile or broken one included — is
/// an outcome, never an exception.
/// </summary>
internal static class PingMibAnswer
{
    /// <summary>Rows say RTTs in milliseconds (Unsigned32); past a minute it is no RTT a ping can have.</summary>
    private const ulong MaxRttMilliseconds = 60_000;

    /// <summary>The failure the SET answer says, or null when the test row was created.</summary>
    public static ProbeResult? Created(SnmpPdu answer, string agent)
    {
        if (answer.ErrorStatus is 6 or 16)
        {
            return ProbeResult.Failed(ProbeOutcome.RelayFailed,
                $"agent {agent} refused to create the test row ({ErrorName(answer.ErrorStatus)}): the community must be read-write");
        }

        return answer.ErrorStatus != 0 || answer.VarBinds.Any(v => v.Value.IsException)
            ? ProbeResult.Failed(ProbeOutcome.Error, $"agent {agent} lacks DISMAN-PING-MIB (creating a pingCtlTable row: {ErrorName(answer.ErrorStatus)})")
            : null;
    }

    /// <summary>
    /// The test's result from a GET of (OperStatus, SentProbes, ProbeResponses, AverageRtt), or null while it has not
    /// completed (or the results row is not there yet).
    /// </summary>
    public static ProbeResult? Results(SnmpPdu answer)
    {
        if (answer.ErrorStatus != 0 || answer.VarBinds.Count != 4 || answer.VarBinds.Any(v => v.Value.IsException)
            || answer.VarBinds[0].Value.Tag != Snmp.Ber.BerTag.Integer)
        {
            return null;
        }

        long status = answer.VarBinds[0].Value.Number;
        ulong sent = answer.VarBinds[1].Value.Counter;
        ulong responses = answer.VarBinds[2].Value.Counter;
        ulong rtt = answer.VarBinds[3].Value.Counter;
        // snmpping's rule: completed, or disabled after a probe went out (agents differ in which they show).
        if (status != 3 && !(status == 2 && sent > 0))
        {
            return null;
        }

        if (responses == 0)
        {
            return ProbeResult.Timeout();
        }

        return rtt <= MaxRttMilliseconds
            ? ProbeResult.Reply(TimeSpan.FromMilliseconds(rtt), null)
            : ProbeResult.Failed(ProbeOutcome.Error, $"agent reported an RTT of {rtt} ms");
    }

    private static string ErrorName(int status) => status switch
    {
        0 => "the agent returned no such object",
        2 => "noSuchName",
        4 => "readOnly",
        6 => "noAccess",
        11 => "noCreation",
        16 => "authorizationError",
        17 => "notWritable",
        18 => "inconsistentName",
        _ => $"error-status {status}",
    };
}
