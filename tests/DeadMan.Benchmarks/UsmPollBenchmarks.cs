using BenchmarkDotNet.Attributes;
using DeadMan.Core.Config;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;
using DeadMan.Core.Snmp.Usm;

namespace DeadMan.Benchmarks;

/// <summary>
/// One interface poll's messages (the GET of sysUpTime and ten columns of four interfaces, and its answer) as v2c
/// and as SNMPv3 authPriv (HMAC-SHA-256, AES-128): what the security costs per poll, by itself.
/// </summary>
[MemoryDiagnoser]
public class UsmPollBenchmarks
{
    private static readonly byte[] s_engine = Convert.FromHexString("80001f8880aabbccdd00112233");
    private SnmpPdu _request = null!;
    private SnmpPdu _response = null!;
    private UsmKeys _keys = null!;
    private byte[] _v2cResponse = null!;
    private byte[] _v3Response = null!;

    [GlobalSetup]
    public void Setup()
    {
        List<VarBind> ask = [new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.Null)];
        ask.AddRange(Enumerable.Range(1, 4).SelectMany(index => SnmpEncodeBenchmarks.Columns.Select(c => new VarBind(Oid.Parse(c).Append((uint)index), SnmpValue.Null))));
        _request = new SnmpPdu(BerTag.GetRequest, 12345, 0, 0, ask);
        _response = _request with
        {
            Type = BerTag.Response,
            VarBinds = [.. ask.Select((b, i) => b with { Value = SnmpValue.OfUnsigned(BerTag.Counter64, 123_456_789_012UL + (ulong)i) })],
        };
        _keys = new UsmUser("noc", AuthProtocol.Sha256, new Secret("authentication-pw"), PrivProtocol.Aes128, new Secret("privacy-password")).KeysFor(s_engine);
        _v2cResponse = new SnmpMessage(SnmpMessage.Version2c, "public"u8.ToArray(), _response).Encode();
        _v3Response = UsmCodec.Encode(12345, new UsmHeader(s_engine, 3, 100_000, "noc"), _keys, reportable: false, _response, salt: 7);
    }

    [Benchmark(Baseline = true)]
    public int V2cPoll()
    {
        byte[] request = new SnmpMessage(SnmpMessage.Version2c, "public"u8.ToArray(), _request).Encode();
        SnmpMessage.TryDecode(_v2cResponse, out SnmpMessage? answer, out _);
        return request.Length + answer!.Pdu.VarBinds.Count;
    }

    [Benchmark]
    public int AuthPrivPoll()
    {
        byte[] request = UsmCodec.Encode(12345, new UsmHeader(s_engine, 3, 100_000, "noc"), _keys, reportable: true, _request, salt: 8);
        UsmCodec.TryDecode(_v3Response, _keys, out UsmMessage? answer);
        return request.Length + answer!.Pdu.VarBinds.Count;
    }
}
