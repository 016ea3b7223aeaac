using System.Text;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;

namespace DeadMan.Fuzz;

/// <summary>Lines of system ping output (the fallback and the ssh relay read them): any line is a result or nothing.</summary>
public static class PingLineTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        foreach (string line in Encoding.UTF8.GetString(input).Split('\n'))
        {
            if (PingLine.TryParse(line, out ProbeResult result, out long? sequence))
            {
                Oracle.Check(sequence is null or >= 0, $"negative sequence from '{line}'");
                Oracle.Check(result.Rtt is null || result.Rtt >= TimeSpan.Zero, $"negative RTT from '{line}'");
                Oracle.Check(result.Outcome != ProbeOutcome.Reply || result.Rtt is not null, $"a reply without RTT from '{line}'");
            }
        }
    }
}
