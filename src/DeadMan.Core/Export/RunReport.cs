using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Snmp.Gauges;
using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Export;

/// <summary>What <c>--count</c> prints at the end: one line (or JSON object) per target.</summary>
public static class RunReport
{
    public static void WriteText(MonitorSnapshot snapshot, TextWriter output)
    {
        WriteTargetsText(snapshot.Rows, output);
        if (snapshot.Interfaces.Count > 0)
        {
            output.WriteLine();
            WriteInterfacesText(snapshot.Interfaces, output);
        }

        if (snapshot.Gauges.Count > 0)
        {
            output.WriteLine();
            WriteGaugesText(snapshot.Gauges, output);
        }
    }

    private static void WriteTargetsText(IReadOnlyList<MonitorRow> rows, TextWriter output)
    {
        var table = new TextTable("HOSTNAME", "ADDRESS", "KIND", "STATE", "LOSS", "SNT", "RCV", "LAST", "AVG", "MIN", "MAX", "JITTER", "TTL", "NOTE")
            .AlignRight(4, 5, 6, 7, 8, 9, 10, 11, 12);
        foreach (MonitorRow row in rows)
        {
            if (row.Separator is { } separator)
            {
                table.Add(separator.Title is null ? "---" : $"--- {separator.Title}");
                continue;
            }

            TargetView t = row.Target!;
            table.Add(t.Spec.Name, AddressText(t), ProbeKindNames.Of(t.Spec.Probe.Kind), StateWords.Name(t.Status),
                      t.Sent == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{t.LossPercent:0.0}%"),
                      Number(t.Sent), Number(t.Received), Ms(t.Rtt.Count == 0 ? null : t.Rtt.Last), Ms(t.Rtt.Average),
                      Ms(t.Rtt.Count == 0 ? null : t.Rtt.Min), Ms(t.Rtt.Count == 0 ? null : t.Rtt.Max), Ms(t.Rtt.Jitter),
                      t.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "-", t.Why);
        }

        table.WriteTo(output);
    }

    private static void WriteInterfacesText(IReadOnlyList<InterfaceView> interfaces, TextWriter output)
    {
        var traffic = new TextTable("HOST", "INTERFACE", "STATE", "IN", "OUT", "UTIL", "OPER", "PEAK IN", "PEAK OUT", "NOTE").AlignRight(3, 4, 5, 7, 8);
        foreach (InterfaceView i in interfaces)
        {
            traffic.Add(i.Host, i.Interface, i.State, Bits(i.InBitsPerSecond), Bits(i.OutBitsPerSecond),
                        i.UtilisationPercent is { } u ? string.Create(CultureInfo.InvariantCulture, $"{u:0.0}%") : "-",
                        i.OperStatus, Bits(i.PeakInBitsPerSecond), Bits(i.PeakOutBitsPerSecond), i.Detail ?? "");
        }

        traffic.WriteTo(output);
    }

    private static void WriteGaugesText(IReadOnlyList<GaugeView> gauges, TextWriter output)
    {
        var table = new TextTable("HOST", "GAUGE", "STATE", "VALUE", "WARN", "CRIT", "NOTE").AlignRight(3, 4, 5);
        foreach (GaugeView g in gauges)
        {
            GaugeDefinition d = g.Reading.Definition;
            table.Add(g.Host, g.Reading.Name, GaugeState(g.Reading), g.Reading.Value is { } v ? d.Show(v) : "-",
                      d.Warn is { } w ? GaugeDefinition.Format(w) : "-", d.Crit is { } c ? GaugeDefinition.Format(c) : "-", g.Reading.Detail ?? "");
        }

        table.WriteTo(output);
    }

    /// <summary>ok, warn or crit for a gauge with a value; otherwise why it has none (waiting, no-value, no-response …).</summary>
    public static string GaugeState(GaugeReading reading) => reading.Value is null ? reading.State : reading.Level switch
    {
        GaugeLevel.Crit => "crit",
        GaugeLevel.Warn => "warn",
        _ => "ok",
    };

    /// <summary>
    /// Bit rates in SI units with three significant figures, as operators read them and as every screen, page and
    /// report writes them: 950 bit/s, 12.3 Mbit/s, 1.05 Gbit/s.
    /// </summary>
    public static string Bits(double? bitsPerSecond)
    {
        if (bitsPerSecond is not { } value)
        {
            return "-";
        }

        string[] units = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"];
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        string format = unit == 0 || value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00";
        return $"{value.ToString(format, CultureInfo.InvariantCulture)} {units[unit]}";
    }

    public static void WriteJson(MonitorSnapshot snapshot, Stream output)
    {
        using var json = new Utf8JsonWriter(output, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartArray("targets");
        foreach (TargetView t in snapshot.Targets)
        {
            json.WriteStartObject();
            TargetRecord.Write(json, t, publicView: false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteInterfaces(json, snapshot.Interfaces);
        WriteGauges(json, snapshot.Gauges);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>The <c>interfaces</c> array of <c>--count --json</c>.</summary>
    internal static void WriteInterfaces(Utf8JsonWriter json, IReadOnlyList<InterfaceView> interfaces)
    {
        json.WriteStartArray("interfaces");
        foreach (InterfaceView i in interfaces)
        {
            json.WriteStartObject();
            WriteInterfaceFields(json, i);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    internal static void WriteGauges(Utf8JsonWriter json, IReadOnlyList<GaugeView> gauges)
    {
        json.WriteStartArray("gauges");
        foreach (GaugeView g in gauges)
        {
            json.WriteStartObject();
            WriteGaugeFields(json, g);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A gauge's fields as <c>--count --json</c> has them, into an object the caller opened.</summary>
    internal static void WriteGaugeFields(Utf8JsonWriter json, GaugeView g)
    {
        GaugeDefinition d = g.Reading.Definition;
        json.WriteString("host", g.Host);
        json.WriteString("gauge", d.Name);
        json.WriteString("state", GaugeState(g.Reading));
        if (g.Reading.Value is { } value)
        {
            json.WriteNumber("value", Math.Round(value, 3));
        }
        else
        {
            json.WriteNull("value");
        }

        json.WriteString("unit", d.Unit);
        JsonOutput.WriteNumber(json, "warn", d.Warn);
        JsonOutput.WriteNumber(json, "crit", d.Crit);
        json.WriteString("reason", g.Reading.Reason);
        json.WriteString("detail", g.Reading.Detail);
    }

    /// <summary>
    /// An interface's fields as <c>--count --json</c> and <c>/api/state</c> have them, into an object the caller
    /// opened; in the public form (attendees' pages) only its rates and state, none of the agent's details.
    /// </summary>
    internal static void WriteInterfaceFields(Utf8JsonWriter json, InterfaceView i, bool publicView = false)
    {
        json.WriteString("host", i.Host);
        json.WriteString("interface", i.Interface);
        JsonOutput.WriteNumber(json, "in_bps", i.InBitsPerSecond);
        JsonOutput.WriteNumber(json, "out_bps", i.OutBitsPerSecond);
        JsonOutput.WriteNumber(json, "utilisation_pct", i.UtilisationPercent);
        if (!publicView)
        {
            json.WriteString("oper_status", i.OperStatus);
        }

        json.WriteString("state", i.State);
        if (publicView)
        {
            return;
        }

        JsonOutput.WriteNumber(json, "if_index", i.Index);
        json.WriteNumber("speed_bps", i.SpeedBitsPerSecond);
        json.WriteNumber("peak_in_bps", Math.Round(i.PeakInBitsPerSecond, 1));
        json.WriteNumber("peak_out_bps", Math.Round(i.PeakOutBitsPerSecond, 1));
        json.WriteString("detail", i.Detail);
    }

    private static string AddressText(TargetView t) =>
        t.Address is { } resolved && t.Spec.Address.IsHostName ? $"{t.Spec.Address.Text} ({resolved})" : t.Spec.Address.Text;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan? value) =>
        value is { } v ? v.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
