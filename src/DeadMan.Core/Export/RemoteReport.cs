using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Remote;

namespace DeadMan.Core.Export;

/// <summary>What <c>deadman --from prometheus URL --count N</c> prints: each host's state, and what every vantage says of it.</summary>
public static class RemoteReport
{
    public static void WriteText(IReadOnlyList<RemoteHost> hosts, TextWriter output)
    {
        string[] vantages = [.. hosts.SelectMany(h => h.Vantages.Select(v => v.Vantage)).Distinct().Order(StringComparer.Ordinal)];
        var table = new TextTable(["HOST", "ADDRESS", "STATE", .. vantages.Select(v => v.ToUpperInvariant())]);
        foreach (RemoteHost host in hosts)
        {
            table.Add([host.Name, host.Address, StateWords.Name(host.Status),
                       .. vantages.Select(v => host.Vantages.FirstOrDefault(r => r.Vantage == v) is { } r ? Cell(r) : "-")]);
        }

        table.WriteTo(output);
    }

    // "up 4.1 ms", "down", "stale": what one vantage says, in a column of its own.
    private static string Cell(VantageReading r) => r.Stale ? "stale"
        : StateWords.Name(r.Status) + (r.RttMs is { } rtt && r.Status != TargetStatus.Down ? string.Create(CultureInfo.InvariantCulture, $" {rtt:0.##} ms") : "");

    public static void WriteJson(Uri source, IReadOnlyList<RemoteHost> hosts, string? error, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteString("source", Text.UrlText.WithoutUser(source).Url.ToString());
        json.WriteString("error", error);
        json.WriteStartArray("targets");
        foreach (RemoteHost host in hosts)
        {
            json.WriteStartObject();
            json.WriteString("name", host.Name);
            json.WriteString("address", host.Address);
            json.WriteString("group", host.Group);
            json.WriteString("kind", host.Kind);
            json.WriteString("state", StateWords.Name(host.Status));
            json.WriteBoolean("expect_down", host.ExpectDown);
            TargetRecord.WriteVantages(json, host.Vantages);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
