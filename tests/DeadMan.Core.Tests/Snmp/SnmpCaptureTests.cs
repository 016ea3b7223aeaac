using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>
/// Real responses from net-snmp, kept as byte fixtures in <c>Captures/</c> (rewritten with <c>UPDATE_CAPTURES=1</c>),
/// and a mutation fuzz over them: many thousands of corrupted responses must each decode or fail cleanly.
/// </summary>
public class SnmpCaptureTests
{
    private static readonly string s_captures = Path.Combine(Golden.ProjectDirectory, "Snmp", "Captures");

    private static readonly (string Name, SnmpPdu Request)[] s_requests =
    [
        ("get_sysuptime_sysname", Pdu(BerTag.GetRequest, 0, 0, "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.5.0")),
        ("get_exceptions", Pdu(BerTag.GetRequest, 0, 0, "1.3.6.1.2.1.80.1.2.1.1", "1.3.6.1.2.1.31.1.1.1.6.999")),
        ("getbulk_iftable", Pdu(BerTag.GetBulkRequest, 0, 10, "1.3.6.1.2.1.2.2.1")),
        ("getbulk_hc_counters", Pdu(BerTag.GetBulkRequest, 1, 5, "1.3.6.1.2.1.1.3", "1.3.6.1.2.1.31.1.1.1.6", "1.3.6.1.2.1.31.1.1.1.10")),
    ];

    private static SnmpPdu Pdu(byte type, int a, int b, params string[] oids) =>
        new(type, 4242, a, b, oids.Select(o => new VarBind(Oid.Parse(o), SnmpValue.Null)).ToList());

    [Fact]
    public void Should_decode_live_agent_responses_When_asking_what_deadman_asks()
    {
        using var agent = new SnmpdAgent();
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Client.ReceiveTimeout = 2000;
        foreach ((string name, SnmpPdu request) in s_requests)
        {
            // When
            udp.Send(new SnmpMessage(SnmpMessage.Version2c, "dmtest"u8.ToArray(), request).Encode(), new IPEndPoint(IPAddress.Loopback, agent.Port));
            IPEndPoint? from = null;
            byte[] response = udp.Receive(ref from);

            // Then
            Assert.True(SnmpMessage.TryDecode(response, out SnmpMessage? message, out string? error), error);
            Assert.Equal(BerTag.Response, message!.Pdu.Type);
            Assert.Equal(4242, message.Pdu.RequestId);
            if (Environment.GetEnvironmentVariable("UPDATE_CAPTURES") == "1")
            {
                File.WriteAllBytes(Path.Combine(s_captures, name + ".bin"), response);
            }
        }
    }

    [Fact]
    public void Should_decode_every_captured_response_When_reading_the_fixtures()
    {
        var decoded = Captures().ToDictionary(c => c.Name, c => SnmpMessage.TryDecode(c.Bytes, out SnmpMessage? m, out _) ? m : null);

        Assert.Equal(s_requests.Length, decoded.Count);
        Assert.All(decoded.Values, Assert.NotNull);
        Assert.Equal("deadman-test-agent", decoded["get_sysuptime_sysname"]!.Pdu.VarBinds[1].Value.Text);
        Assert.Equal(BerTag.NoSuchObject, decoded["get_exceptions"]!.Pdu.VarBinds[0].Value.Tag);
        Assert.Contains(decoded["getbulk_hc_counters"]!.Pdu.VarBinds, v => v.Value.Tag == BerTag.Counter64);
        Assert.True(decoded["getbulk_iftable"]!.Pdu.VarBinds.Count >= 10);
    }

    [Fact]
    public void Should_never_throw_hang_or_overallocate_When_decoding_thousands_of_corrupted_responses()
    {
        var random = new Random(4560);
        int decoded = 0;
        int rejected = 0;
        foreach ((string name, byte[] original) in Captures())
        {
            for (int i = 0; i < 10_000; i++)
            {
                byte[] mutated = Mutate(original, random);
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    if (SnmpMessage.TryDecode(mutated, out _, out _))
                    {
                        decoded++;
                    }
                    else
                    {
                        rejected++;
                    }
                }
                catch (Exception e)
                {
                    Assert.Fail($"{name} mutation {i} threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(mutated)}");
                }

                // Allocation is bounded by the input: no length field can make the decoder reserve more.
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024 + (mutated.Length * 64), $"{name} mutation {i} allocated too much");
            }
        }

        Assert.True(rejected > 1000, "most corruptions are caught");
        Assert.True(decoded > 100, "some corruptions (a changed value byte) still decode");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
                int at = random.Next(bytes.Length);
                return [.. bytes[..at], 0x84, 0x7F, 0xFF, 0xFF, 0xFF, .. bytes[at..]];
            case 4:
                int start = random.Next(bytes.Length);
                return [.. bytes, .. bytes[start..]];
            default:
                // Nest sequences deeply: 30 80 ... or 30 LL repeated.
                return [.. Enumerable.Repeat(new byte[] { 0x30, 0x81, 0xFF }, random.Next(1, 200)).SelectMany(b => b), .. bytes];
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Captures() =>
        Directory.GetFiles(s_captures, "*.bin").Order().Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f)));
}
