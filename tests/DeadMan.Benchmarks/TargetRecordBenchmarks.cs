using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Benchmarks;

/// <summary>
/// The targets of one <c>/api/state</c> document (made again for every picture a page watches, and for every
/// <c>/api/events</c> stream): <see cref="TargetRecord"/>'s hand-written writer beside System.Text.Json's source
/// generator writing the same bytes from a record per target, made first. Both must write the same bytes, or the
/// comparison would not be fair.
/// </summary>
[MemoryDiagnoser]
public class TargetRecordBenchmarks
{
    private static readonly TargetRecordJson s_context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    });

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private List<TargetView> _targets = [];

    [Params(50, 1000)]
    public int Targets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string config = string.Concat(Enumerable.Range(0, Targets).Select(i => $"host-{i} 192.0.2.{i % 250} loss-warn=5\n"));
        var states = ConfigParser.Parse(config, "bench.conf").Targets.Select((spec, id) => new TargetState(id, spec, 60, null, DateTimeOffset.UnixEpoch)).ToList();
        for (int round = 0; round < 60; round++)
        {
            foreach (TargetState state in states)
            {
                state.Apply(round, round % 17 == state.Id % 17 ? ProbeResult.Timeout() : ProbeResult.Reply(TimeSpan.FromMicroseconds(800 + (state.Id * 13 % 900)), 64),
                            DateTimeOffset.UnixEpoch.AddSeconds(round));
            }
        }

        _targets = [.. states.Select(s => s.View)];
        if (!Writer().SequenceEqual(SourceGenerated()))
        {
            throw new InvalidDataException("the source-generated records wrote other bytes: the comparison would not be fair");
        }
    }

    [Benchmark(Baseline = true)]
    public byte[] Writer()
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, JsonOutput.Options))
        {
            json.WriteStartArray();
            foreach (TargetView t in _targets)
            {
                json.WriteStartObject();
                json.WriteNumber("id", t.Id);
                TargetRecord.Write(json, t, publicView: false);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return _buffer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public byte[] SourceGenerated()
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, JsonOutput.Options))
        {
            JsonSerializer.Serialize(json, [.. _targets.Select(Record)], s_context.ListTargetJson);
        }

        return _buffer.WrittenSpan.ToArray();
    }

    private static double? Ms(TimeSpan? value) => value is { } v ? Math.Round(v.TotalMilliseconds, 3) : null;

    private static TargetJson Record(TargetView t) => new(
        t.Id, t.Spec.Name, t.Spec.Address.Text, ProbeKindNames.Of(t.Spec.Probe.Kind), t.Spec.Group, StateWords.Name(t.Status),
        t.Reason?.Split(", ") ?? [], t.Sent, t.Received, Math.Round(t.LossPercent, 2),
        t.Rtt.Count == 0 ? null : Ms(t.Rtt.Last), Ms(t.Rtt.Average), t.Rtt.Count == 0 ? null : Ms(t.Rtt.Min), t.Rtt.Count == 0 ? null : Ms(t.Rtt.Max),
        Ms(t.Rtt.Jitter), t.Since?.ToString("O", CultureInfo.InvariantCulture), t.Spec.ExpectDown, t.Address?.ToString(), t.Ttl,
        t.LastResult is { } last ? DeadmanLog.Outcome(last.Outcome) : null, t.Why is { Length: > 0 } note ? note : null);
}

/// <summary>A target as <see cref="TargetRecord"/> writes it for the operator's page (no vantages here).</summary>
public sealed record TargetJson(
    int Id, string Name, string Address, string Kind, string? Group, string State, string[] Reasons, long Sent, long Received,
    [property: JsonPropertyName("loss_pct")] double LossPct,
    [property: JsonPropertyName("rtt_last_ms")] double? RttLastMs,
    [property: JsonPropertyName("rtt_avg_ms")] double? RttAvgMs,
    [property: JsonPropertyName("rtt_min_ms")] double? RttMinMs,
    [property: JsonPropertyName("rtt_max_ms")] double? RttMaxMs,
    [property: JsonPropertyName("jitter_ms")] double? JitterMs,
    string? Since, bool ExpectDown, string? ResolvedAddress, int? Ttl, string? LastOutcome, string? Note);

[JsonSerializable(typeof(List<TargetJson>))]
internal sealed partial class TargetRecordJson : JsonSerializerContext;
