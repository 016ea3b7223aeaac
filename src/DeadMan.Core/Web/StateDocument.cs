using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Settings;
using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Web;

/// <summary>
/// What the web view's <c>/api/state</c> and each <c>/api/events</c> message hold: the <c>--count --json</c> shape
/// (targets, interfaces) with each target's id and recent rounds for its sparkline, and the latest ups and downs.
/// <code>
/// {"version": 42, "time": "…", "paused": false,
///  "targets": [{"id": 0, "name": "core", …, "history": [0.052, 0.061, null, …]}],
///  "traffic_interval_s": 10,
///  "interfaces": [{"host": "core", "interface": "uplink", …, "history": [[in_bps, out_bps], …]}],
///  "events": [{"sequence": 3, "time": "…", "name": "core", "group": "Uplinks", "from": "up", "to": "down", "lasted_s": null}]}
/// </code>
/// The public document, for attendees (<c>[web] public</c>), leaves out what an attacker could use: addresses, probe
/// kinds and options, TTLs, failure details and notes (which name addresses), interface indexes and agent details.
/// The signage page's document adds <c>"signage": {"title", "clock", "uplinks", "in_bps": […], "out_bps": […]}</c>:
/// the marked interfaces' rates summed over the last ten minutes, newest first; it has no per-host or per-interface
/// history, which the venue screen does not draw.
/// </summary>
public static class StateDocument
{
    /// <summary>Rounds of history per target: as many as a wide browser row shows.</summary>
    public const int HistoryRounds = 120;

    /// <summary>Polls of traffic history per interface, for its sparklines.</summary>
    public const int InterfaceHistory = 60;

    /// <summary>How far back the signage page's uplink graph goes.</summary>
    public static readonly TimeSpan UplinkSpan = TimeSpan.FromMinutes(10);

    public static byte[] Serialize(MonitorSnapshot snapshot, StateView view)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            Write(snapshot, json, view);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(MonitorSnapshot snapshot, Utf8JsonWriter json, StateView view)
    {
        bool publicView = view.Public;
        // The venue screen draws no sparkline: without the histories its document is several times smaller, which
        // matters on the venue's own network.
        bool histories = view.Signage is null;
        json.WriteStartObject();
        json.WriteNumber("version", snapshot.Version);
        json.WriteString("time", snapshot.Time.ToString("O", CultureInfo.InvariantCulture));
        json.WriteBoolean("paused", snapshot.Paused);
        // Public pages say that the picture is old, not where the data comes from.
        json.WriteString("problem", snapshot.Problem is null ? null : publicView ? "the monitor cannot read its data source" : snapshot.Problem);
        WriteTargets(json, snapshot.Targets, publicView, histories);
        json.WriteNumber("traffic_interval_s", view.TrafficInterval.TotalSeconds);
        WriteInterfaces(json, snapshot.Interfaces, publicView, histories);
        WriteGauges(json, snapshot.Gauges, publicView, histories);
        if (view.Signage is { } signage)
        {
            WriteSignage(json, signage, snapshot.Interfaces, view.TrafficInterval);
        }

        WriteEvents(json, snapshot.Events);
        json.WriteEndObject();
    }

    private static void WriteTargets(Utf8JsonWriter json, IEnumerable<TargetView> targets, bool publicView, bool histories)
    {
        json.WriteStartArray("targets");
        foreach (TargetView t in targets)
        {
            json.WriteStartObject();
            json.WriteNumber("id", t.Id);
            TargetRecord.Write(json, t, publicView);
            if (histories)
            {
                WriteHistory(json, t.History);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteEvents(Utf8JsonWriter json, IReadOnlyList<StateChange> events)
    {
        json.WriteStartArray("events");
        foreach (StateChange change in events)
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", change.Sequence);
            json.WriteString("time", change.At.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("name", change.Target.Spec.Name);
            json.WriteString("group", change.Target.Spec.Group);
            json.WriteString("from", StateWords.Name(change.From));
            json.WriteString("to", StateWords.Name(change.To));
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
    }

    // An interface's recent rates in whole bits a second, [in, out] a poll, as many as a sparkline shows.
    private static void WriteRates(Utf8JsonWriter json, IEnumerable<(double In, double Out)> history)
    {
        json.WriteStartArray("history");
        foreach ((double inRate, double outRate) in history.Take(InterfaceHistory))
        {
            json.WriteStartArray();
            json.WriteNumberValue(Math.Round(inRate));
            json.WriteNumberValue(Math.Round(outRate));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    // A gauge's recent values, as many as a sparkline shows.
    private static void WriteValues(Utf8JsonWriter json, IEnumerable<double> history)
    {
        json.WriteStartArray("history");
        foreach (double value in history.Take(InterfaceHistory))
        {
            json.WriteNumberValue(Math.Round(value, 2));
        }

        json.WriteEndArray();
    }

    private static void WriteInterfaces(Utf8JsonWriter json, IReadOnlyList<InterfaceView> interfaces, bool publicView, bool histories)
    {
        json.WriteStartArray("interfaces");
        foreach (InterfaceView i in interfaces)
        {
            json.WriteStartObject();
            RunReport.WriteInterfaceFields(json, i, publicView);

            if (histories)
            {
                WriteRates(json, i.History);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteGauges(Utf8JsonWriter json, IReadOnlyList<GaugeView> gauges, bool publicView, bool histories)
    {
        json.WriteStartArray("gauges");
        foreach (GaugeView g in gauges)
        {
            json.WriteStartObject();
            if (publicView)
            {
                WritePublicFields(json, g);
            }
            else
            {
                RunReport.WriteGaugeFields(json, g);
            }

            if (histories)
            {
                WriteValues(json, g.History);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // What attendees may see of a gauge: its value and state, not its OID nor its limits.
    private static void WritePublicFields(Utf8JsonWriter json, GaugeView g)
    {
        json.WriteString("host", g.Host);
        json.WriteString("gauge", g.Reading.Name);
        JsonOutput.WriteNumber(json, "value", g.Reading.Value);
        json.WriteString("unit", g.Reading.Definition.Unit);
        json.WriteString("state", RunReport.GaugeState(g.Reading));
    }

    // The uplinks' rates summed poll by poll (the engine polls them together), as far back as the graph goes.
    private static void WriteSignage(Utf8JsonWriter json, WebSettings signage, IReadOnlyList<InterfaceView> interfaces, TimeSpan interval)
    {
        json.WriteStartObject("signage");
        json.WriteString("title", signage.Title);
        json.WriteBoolean("clock", signage.Clock);
        InterfaceView[] uplinks = [.. interfaces.Where(i => signage.Uplinks.Contains(new InterfaceName(i.Host, i.Interface)))];
        json.WriteStartArray("uplinks");
        foreach (InterfaceView uplink in uplinks)
        {
            json.WriteStringValue($"{uplink.Host} {uplink.Interface}");
        }

        json.WriteEndArray();
        int points = uplinks.Length == 0 ? 0 : Math.Min(uplinks.Min(u => u.History.Count), (int)Math.Ceiling(UplinkSpan / interval));
        foreach ((string name, bool inbound) in new[] { ("in_bps", true), ("out_bps", false) })
        {
            json.WriteStartArray(name);
            for (int k = 0; k < points; k++)
            {
                json.WriteNumberValue(Math.Round(uplinks.Sum(u => inbound ? u.History[k].In : u.History[k].Out)));
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
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
