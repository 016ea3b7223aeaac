using System.Text.Json;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Relay;

namespace DeadMan.Fuzz;

/// <summary>Bodies a RouterOS REST API (or anything posing as one) answers a ping with: always an outcome.</summary>
public static class RouterOsTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(input.ToArray());
        }
        catch (JsonException)
        {
            return; // the client answers "not RouterOS ping JSON" for these
        }

        using (json)
        {
            ProbeResult result = RouterOsClient.Interpret(json.RootElement, "fuzz");
            Oracle.Check(result.Outcome != ProbeOutcome.Reply || result.Rtt >= TimeSpan.Zero, $"reply with RTT {result.Rtt}");
        }
    }
}
