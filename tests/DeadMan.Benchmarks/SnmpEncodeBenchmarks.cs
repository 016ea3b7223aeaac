using BenchmarkDotNet.Attributes;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Benchmarks;

/// <summary>Encoding what the traffic poller sends: one GET for sysUpTime and the ten columns of 1 or 20 interfaces.</summary>
[MemoryDiagnoser]
public class SnmpEncodeBenchmarks
{
    /// <summary>The columns the traffic poller reads of each interface.</summary>
    internal static readonly string[] Columns =
        ["1.3.6.1.2.1.31.1.1.1.6", "1.3.6.1.2.1.31.1.1.1.10", "1.3.6.1.2.1.2.2.1.10", "1.3.6.1.2.1.2.2.1.16", "1.3.6.1.2.1.31.1.1.1.1",
         "1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.2.2.1.8", "1.3.6.1.2.1.31.1.1.1.15", "1.3.6.1.2.1.2.2.1.5", "1.3.6.1.2.1.31.1.1.1.19"];

    private SnmpMessage _request = null!;

    [Params(1, 20)]
    public int Interfaces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        List<VarBind> binds = [new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.Null)];
        binds.AddRange(Enumerable.Range(1, Interfaces).SelectMany(index => Columns.Select(c => new VarBind(Oid.Parse(c).Append((uint)index), SnmpValue.Null))));
        _request = new SnmpMessage(SnmpMessage.Version2c, "public"u8.ToArray(), new SnmpPdu(BerTag.GetRequest, 12345, 0, 0, binds));
    }

    [Benchmark]
    public byte[] EncodeGet() => _request.Encode();
}
