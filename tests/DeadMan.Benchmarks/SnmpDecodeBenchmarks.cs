using BenchmarkDotNet.Attributes;
using DeadMan.Core.Snmp;

namespace DeadMan.Benchmarks;

/// <summary>
/// Decoding real snmpd responses (a GetBulk of ifTable, 64-bit counters), captured for the codec's tests: deadman's
/// codec beside the framework's BER reader (System.Formats.Asn1) making the same message.
/// </summary>
[MemoryDiagnoser]
public class SnmpDecodeBenchmarks
{
    private byte[] _response = null!;

    [Params("getbulk_iftable", "getbulk_hc_counters")]
    public string Response { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _response = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Captures", Response + ".bin"));
        if (!Asn1SnmpDecoder.SameAs(DecodeResponse()!, DecodeWithFrameworkReader()))
        {
            throw new InvalidDataException("System.Formats.Asn1 read another message: the comparison would not be fair");
        }
    }

    [Benchmark(Baseline = true)]
    public SnmpMessage? DecodeResponse() =>
        SnmpMessage.TryDecode(_response, out SnmpMessage? message, out string? error) ? message : throw new InvalidDataException(error);

    [Benchmark]
    public SnmpMessage DecodeWithFrameworkReader() => Asn1SnmpDecoder.Decode(_response);
}
