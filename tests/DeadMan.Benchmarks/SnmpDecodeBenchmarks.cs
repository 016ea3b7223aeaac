using BenchmarkDotNet.Attributes;
using DeadMan.Core.Snmp;

namespace DeadMan.Benchmarks;

/// <summary>Decoding real snmpd responses (a GetBulk of ifTable, 64-bit counters), captured for the codec's tests.</summary>
[MemoryDiagnoser]
public class SnmpDecodeBenchmarks
{
    private byte[] _response = null!;

    [Params("getbulk_iftable", "getbulk_hc_counters")]
    public string Response { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _response = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Captures", Response + ".bin"));

    [Benchmark]
    public SnmpMessage? DecodeResponse() =>
        SnmpMessage.TryDecode(_response, out SnmpMessage? message, out string? error) ? message : throw new InvalidDataException(error);
}
