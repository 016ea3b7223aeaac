using System.Globalization;
using System.Text.Json;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;

namespace DeadMan.Core.Export;

/// <summary>
/// One target as JSON, the one record every document has: <c>--count --json</c>, the web view's <c>/api/state</c>
/// (for either engine, the viewer's too) and, in its public form, the signage page's document. The public form is
/// for attendees: no addresses, probe kinds, TTLs or notes, and vantages named so that no agent's address shows.
/// Written into the caller's <see cref="Utf8JsonWriter"/>, field by field, because each document that holds it adds
/// its own fields around it (ids, histories) and <c>/api/state</c> is made again for every picture a page watches:
/// System.Text.Json's source generator, writing the same bytes from a record per target made first, took the same time
/// and allocated 1.5 times as much (1,000 targets: 1.29 ms and 661 KB against 1.41 ms and 442 KB;
/// <c>DeadMan.Benchmarks -- json</c>, TargetRecordBenchmarks).
/// </summary>
internal static class TargetRecord
{
    /// <summary>The target's fields, into an object the caller opened.</summary>
    public static void Write(Utf8JsonWriter json, TargetView t, bool publicView)
    {
        // A vantage named after its scrape target would show an agent's address: public pages number those instead.
        Func<VantageReading, string>? vantageName = publicView ? VantageReading.PublicNames(t.Vantages) : null;
        json.WriteString("name", t.Spec.Name);
        if (!publicView)
        {
            json.WriteString("address", t.Spec.Address.Text);
            json.WriteString("kind", ProbeKindNames.Of(t.Spec.Probe.Kind));
        }

        json.WriteString("group", t.Spec.Group);
        json.WriteString("state", StateWords.Name(t.Status));
        WriteReasons(json, vantageName is not null && t.Vantages.Count > 0 ? VantageReading.Trouble(t.Vantages, vantageName) : t.Reason);
        json.WriteNumber("sent", t.Sent);
        json.WriteNumber("received", t.Received);
        json.WriteNumber("loss_pct", Math.Round(t.LossPercent, 2));
        JsonOutput.WriteMs(json, "rtt_last_ms", t.Rtt.Count == 0 ? null : t.Rtt.Last);
        JsonOutput.WriteMs(json, "rtt_avg_ms", t.Rtt.Average);
        if (!publicView)
        {
            JsonOutput.WriteMs(json, "rtt_min_ms", t.Rtt.Count == 0 ? null : t.Rtt.Min);
            JsonOutput.WriteMs(json, "rtt_max_ms", t.Rtt.Count == 0 ? null : t.Rtt.Max);
            JsonOutput.WriteMs(json, "jitter_ms", t.Rtt.Jitter);
        }

        json.WriteString("since", t.Since?.ToString("O", CultureInfo.InvariantCulture));
        json.WriteBoolean("expect_down", t.Spec.ExpectDown);
        // A known problem (acknowledged): public pages count it apart; who and why are for the operators.
        json.WriteBoolean("known", t.Known);
        json.WriteBoolean("maintenance", t.Maintenance is not null);
        if (!publicView)
        {
            WritePrivateDetail(json, t);
        }

        if (t.Vantages.Count > 0)
        {
            WriteVantages(json, t.Vantages, vantageName);
        }
    }

    /// <summary>The <c>vantages</c> array: what each vantage says of one host, each by its name (or the name given).</summary>
    public static void WriteVantages(Utf8JsonWriter json, IReadOnlyList<VantageReading> vantages, Func<VantageReading, string>? name = null)
    {
        json.WriteStartArray("vantages");
        foreach (VantageReading v in vantages)
        {
            json.WriteStartObject();
            json.WriteString("vantage", name?.Invoke(v) ?? v.Vantage);
            json.WriteString("state", v.Stale ? "stale" : StateWords.Name(v.Status));
            JsonOutput.WriteNumber(json, "rtt_last_ms", v.RttMs);
            JsonOutput.WriteNumber(json, "rtt_avg_ms", v.AverageMs);
            JsonOutput.WriteNumber(json, "loss_pct", v.LossPercent);
            json.WriteNumber("sent", v.Sent);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteReasons(Utf8JsonWriter json, string? reasons)
    {
        json.WriteStartArray("reasons");
        foreach (string reason in reasons?.Split(", ") ?? [])
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
    }

    private static void WritePrivateDetail(Utf8JsonWriter json, TargetView t)
    {
        json.WriteString("resolved_address", t.Address?.ToString());
        if (t.Ttl is { } ttl)
        {
            json.WriteNumber("ttl", ttl);
        }
        else
        {
            json.WriteNull("ttl");
        }

        // Which kind of answer or failure came last: "refused" tells a closed TCP port on a live host from "ok".
        json.WriteString("last_outcome", t.LastResult is { } last ? DeadmanLog.Outcome(last.Outcome) : null);
        json.WriteString("note", t.Why is { Length: > 0 } note ? note : null);
        // Only once some were sent: most hosts never need one, and readers of older output see nothing new.
        if (t.TotalConfirmations > 0)
        {
            json.WriteNumber("confirmation_echoes", t.TotalConfirmations);
        }

        // Only for pmtu=on hosts, once searched: the bytes, or null and why none passed.
        if (t.PathMtu is { } mtu)
        {
            if (mtu.Bytes is { } bytes)
            {
                json.WriteNumber("path_mtu", bytes);
            }
            else
            {
                json.WriteNull("path_mtu");
                json.WriteString("path_mtu_unknown", mtu.UnknownBecause);
            }
        }

        // Only for https hosts, once a certificate was seen: when it runs out (as Prometheus's blackbox exporter has
        // it, a time rather than days left, so a reader's clock decides) and what is wrong with it.
        if (t.Certificate is { } certificate)
        {
            json.WriteString("tls_cert_subject", certificate.Subject);
            json.WriteString("tls_cert_issuer", certificate.Issuer);
            json.WriteString("tls_cert_not_after", certificate.NotAfter);
            json.WriteBoolean("tls_cert_checked", certificate.Checked);
            json.WriteString("tls_cert_problem", certificate.Problem);
        }

        if (t.Acknowledgement is { } known)
        {
            json.WriteStartObject("acknowledgement");
            json.WriteString("by", known.By);
            json.WriteString("at", known.At.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("state", known.AnyState ? "any" : StateWords.Name(known.For));
            json.WriteString("until", known.Until?.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("note", known.Note);
            json.WriteEndObject();
        }

        // Only once traced (or refused a trace): where the path stops, and every hop.
        if (t.TraceNote is { } notTraced)
        {
            json.WriteString("trace_note", notTraced);
        }
        else if (t.Trace is { } trace)
        {
            WriteTrace(json, t, trace);
        }
    }

    private static void WriteTrace(Utf8JsonWriter json, TargetView t, Probing.Trace.PathTrace trace)
    {
        json.WriteStartObject("trace");
        json.WriteString("at", trace.At.ToString("O", CultureInfo.InvariantCulture));
        json.WriteBoolean("reached", trace.Reached);
        json.WriteString("summary", trace.Summary(t.KnownPathLength));
        json.WriteString("last_answer", trace.LastAnswer?.Address?.ToString());
        json.WriteString("last_answer_name", trace.LastAnswer?.Name);
        json.WriteString("from", trace.From);
        json.WriteString("traced_for", trace.TracedFor);
        json.WriteNumber("path_changes_last_hour", t.PathChanges);
        json.WriteStartArray("hops");
        foreach (Probing.Trace.HopRecord hop in Probing.Trace.HopRecord.Of(trace))
        {
            json.WriteStartObject();
            json.WriteNumber("hop", hop.Hop);
            json.WriteString("address", hop.Address);
            json.WriteString("name", hop.Name);
            json.WriteNumber("loss_pct", hop.LossPct);
            if (hop.RttMs is { } rtt)
            {
                json.WriteNumber("rtt_ms", rtt);
            }
            else
            {
                json.WriteNull("rtt_ms");
            }

            json.WriteString("note", hop.Note);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
