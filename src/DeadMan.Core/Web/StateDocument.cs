using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Web;

/// <summary>
/// What the web view's <c>/api/state</c> and each <c>/api/events</c> message hold: the <c>--count --json</c> shape
/// (targets, interfaces) with each target's id and recent rounds for its sparkline, and the latest ups and downs.
/// <code>
/// {"version": 42, "time": "…", "paused": false,
///  "targets": [{"id": 0, "name": "core", …, "history": [0.052, 0.061, null, …]}],
///  "interfaces": […],
///  "events": [{"sequence": 3, "time": "…", "name": "core", "group": "Uplinks", "from": "up", "to": "down", "lasted_s": null}]}
/// </code>
/// The public document, for attendees (<c>[web] public</c>), leaves out what an attacker could use: addresses, probe
/// kinds and options, TTLs, failure details and notes (which name addresses), interface indexes and agent details.
/// </summary>
public static class StateDocument
{
    /// <summary>Rounds of history per target: as many as a wide browser row shows.</summary>
    public const int HistoryRounds = 120;

    public static byte[] Serialize(MonitorSnapshot snapshot, bool publicView)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            Write(snapshot, json, publicView);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(MonitorSnapshot snapshot, Utf8JsonWriter json, bool publicView)
    {
        json.WriteStartObject();
        json.WriteNumber("version", snapshot.Version);
        json.WriteString("time", snapshot.Time.ToString("O", CultureInfo.InvariantCulture));
        json.WriteBoolean("paused", snapshot.Paused);
        json.WriteStartArray("targets");
        foreach (TargetView t in snapshot.Targets)
        {
            json.WriteStartObject();
            json.WriteNumber("id", t.Id);
            if (publicView)
            {
                WritePublicFields(json, t);
            }
            else
            {
                RunReport.WriteTargetFields(json, t);
            }

            WriteHistory(json, t.History);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (publicView)
        {
            WritePublicInterfaces(json, snapshot.Interfaces);
        }
        else
        {
            RunReport.WriteInterfaces(json, snapshot.Interfaces);
        }

        json.WriteStartArray("events");
        foreach (StateChange change in snapshot.Events)
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", change.Sequence);
            json.WriteString("time", change.At.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("name", change.Target.Spec.Name);
            json.WriteString("group", change.Target.Spec.Group);
            json.WriteString("from", RunReport.StateName(change.From));
            json.WriteString("to", RunReport.StateName(change.To));
            if (change.Lasted is { } lasted)
            {
                json.WriteNumber("lasted_s", Math.Round(lasted.TotalSeconds, 1));
            }
            else
            {
                json.WriteNull("lasted_s");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePublicFields(Utf8JsonWriter json, TargetView t)
    {
        json.WriteString("name", t.Spec.Name);
        json.WriteString("group", t.Spec.Group);
        json.WriteString("state", RunReport.StateName(t.Status));
        json.WriteNumber("sent", t.Sent);
        json.WriteNumber("received", t.Received);
        json.WriteNumber("loss_pct", Math.Round(t.LossPercent, 2));
        RunReport.WriteMs(json, "rtt_last_ms", t.Rtt.Count == 0 ? null : t.Rtt.Last);
        RunReport.WriteMs(json, "rtt_avg_ms", t.Rtt.Average);
        json.WriteString("since", t.Since?.ToString("O", CultureInfo.InvariantCulture));
        json.WriteBoolean("expect_down", t.Spec.ExpectDown);
    }

    private static void WritePublicInterfaces(Utf8JsonWriter json, IReadOnlyList<Snmp.Traffic.InterfaceView> interfaces)
    {
        json.WriteStartArray("interfaces");
        foreach (Snmp.Traffic.InterfaceView i in interfaces)
        {
            json.WriteStartObject();
            json.WriteString("host", i.Host);
            json.WriteString("interface", i.Interface);
            RunReport.WriteNumber(json, "in_bps", i.InBitsPerSecond);
            RunReport.WriteNumber(json, "out_bps", i.OutBitsPerSecond);
            RunReport.WriteNumber(json, "utilisation_pct", i.UtilisationPercent);
            json.WriteString("state", i.State);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // Newest first: the RTT in milliseconds of each round that was answered, null for one that was not; it ends at the
    // first round without a result (before the first probe, or in flight).
    private static void WriteHistory(Utf8JsonWriter json, RoundHistory history)
    {
        json.WriteStartArray("history");
        for (long round = history.LatestRound; round >= 0 && round > history.LatestRound - HistoryRounds; round--)
        {
            HistoryEntry entry = history[round];
            if (entry.Outcome is null)
            {
                break;
            }

            if (entry.Rtt is { } rtt)
            {
                json.WriteNumberValue(Math.Round(rtt.TotalMilliseconds, 3));
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}
