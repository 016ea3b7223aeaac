using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Export;

/// <summary>What <c>--count</c> prints at the end: one line (or JSON object) per target.</summary>
public static class RunReport
{
    public static string StateName(TargetStatus status) => status switch
    {
        TargetStatus.Up => "up",
        TargetStatus.Down => "down",
        _ => "unknown",
    };

    public static void WriteText(MonitorSnapshot snapshot, TextWriter output)
    {
        var table = new TextTable("HOSTNAME", "ADDRESS", "KIND", "STATE", "LOSS", "SNT", "RCV", "LAST", "AVG", "MIN", "MAX", "JITTER", "TTL", "NOTE")
            .AlignRight(4, 5, 6, 7, 8, 9, 10, 11, 12);
        foreach (MonitorRow row in snapshot.Rows)
        {
            if (row.Separator is { } separator)
            {
                table.Add(separator.Title is null ? "---" : $"--- {separator.Title}");
                continue;
            }

            TargetView t = row.Target!;
            table.Add(t.Spec.Name, AddressText(t), ProbeKindNames.Of(t.Spec.Probe.Kind), StateName(t.Status),
                      t.Sent == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{t.LossPercent:0.0}%"),
                      Number(t.Sent), Number(t.Received), Ms(t.Rtt.Count == 0 ? null : t.Rtt.Last), Ms(t.Rtt.Average),
                      Ms(t.Rtt.Count == 0 ? null : t.Rtt.Min), Ms(t.Rtt.Count == 0 ? null : t.Rtt.Max), Ms(t.Rtt.Jitter),
                      t.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "-", Note(t));
        }

        table.WriteTo(output);
    }

    public static void WriteJson(MonitorSnapshot snapshot, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartArray("targets");
        foreach (TargetView t in snapshot.Targets)
        {
            json.WriteStartObject();
            json.WriteString("name", t.Spec.Name);
            json.WriteString("address", t.Spec.Address.Text);
            json.WriteString("kind", ProbeKindNames.Of(t.Spec.Probe.Kind));
            json.WriteNumber("sent", t.Sent);
            json.WriteNumber("received", t.Received);
            json.WriteNumber("loss_pct", Math.Round(t.LossPercent, 2));
            WriteMs(json, "rtt_last_ms", t.Rtt.Count == 0 ? null : t.Rtt.Last);
            WriteMs(json, "rtt_avg_ms", t.Rtt.Average);
            WriteMs(json, "rtt_min_ms", t.Rtt.Count == 0 ? null : t.Rtt.Min);
            WriteMs(json, "rtt_max_ms", t.Rtt.Count == 0 ? null : t.Rtt.Max);
            WriteMs(json, "jitter_ms", t.Rtt.Jitter);
            json.WriteString("state", StateName(t.Status));
            json.WriteString("group", t.Spec.Group);
            json.WriteString("resolved_address", t.Address?.ToString());
            if (t.Ttl is { } ttl)
            {
                json.WriteNumber("ttl", ttl);
            }
            else
            {
                json.WriteNull("ttl");
            }

            json.WriteString("note", Note(t) is { Length: > 0 } note ? note : null);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static string AddressText(TargetView t) =>
        t.Address is { } resolved && t.Spec.Address.IsHostName ? $"{t.Spec.Address.Text} ({resolved})" : t.Spec.Address.Text;

    // The note says why a target is not probed; otherwise, for a host that is down, why its last probe failed.
    private static string Note(TargetView t) => t.Note ?? (t.Status == TargetStatus.Down
        ? t.LastResult?.Detail ?? (t.LastResult?.Outcome == ProbeOutcome.Timeout ? "no reply" : "")
        : "");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan? value) =>
        value is { } v ? v.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private static void WriteMs(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v.TotalMilliseconds, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
