using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Tests.Snmp;

public class BerCodecTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Written(Action<BerWriter> write)
    {
        var writer = new BerWriter();
        write(writer);
        return writer.Written.ToArray();
    }

    [Fact]
    public void Should_encode_byte_for_byte_When_building_the_captured_sysuptime_request()
    {
        // Given: a GET of sysUpTime.0 captured on the wire from net-snmp (ENGINE-NOTES §2.1)
        byte[] captured = Hex("302902010104067075626C6963A01C020432694F46020100020100300E300C06082B060102010103000500");
        var message = new SnmpMessage(SnmpMessage.Version2c, "public"u8.ToArray(),
            new SnmpPdu(BerTag.GetRequest, 0x32694F46, 0, 0, [new VarBind(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.Null)]));

        // When / Then
        Assert.Equal(captured, message.Encode());
        Assert.True(SnmpMessage.TryDecode(captured, out SnmpMessage? decoded, out _));
        Assert.Equal("1.3.6.1.2.1.1.3.0", decoded!.Pdu.VarBinds[0].Oid.ToString());
    }

    [Theory]
    [InlineData(0L, "020100")]
    [InlineData(127L, "02017F")]
    [InlineData(128L, "02020080")]
    [InlineData(-1L, "0201FF")]
    [InlineData(-128L, "020180")]
    [InlineData(-129L, "0202FF7F")]
    [InlineData(int.MaxValue, "02047FFFFFFF")]
    [InlineData(long.MinValue, "02088000000000000000")]
    [InlineData(long.MaxValue, "02087FFFFFFFFFFFFFFF")]
    public void Should_use_minimal_twos_complement_When_writing_integers(long value, string hex)
    {
        byte[] bytes = Written(w => w.WriteInteger(value));

        Assert.Equal(Hex(hex), bytes);
        var reader = new BerReader(bytes);
        Assert.Equal(value, reader.ReadInteger());
    }

    [Theory]
    [InlineData(BerTag.Counter32, 0UL, "410100")]
    [InlineData(BerTag.Counter32, 4294967295UL, "410500FFFFFFFF")]
    [InlineData(BerTag.Gauge32, 128UL, "42020080")]
    [InlineData(BerTag.Counter64, 18446744073709551615UL, "460900FFFFFFFFFFFFFFFF")]
    [InlineData(BerTag.Counter64, 32756969UL, "460401F3D4E9")]
    public void Should_keep_unsigned_values_positive_When_the_top_bit_is_set(byte tag, ulong value, string hex)
    {
        byte[] bytes = Written(w => w.WriteUnsigned(tag, value));

        Assert.Equal(Hex(hex), bytes);
        Assert.Equal(value, BerReader.DecodeUnsigned(bytes.AsSpan(2), 0, tag == BerTag.Counter64 ? 64 : 32));
    }

    [Fact]
    public void Should_accept_a_missing_leading_zero_When_an_agent_sends_unsigned_values_loosely()
    {
        Assert.Equal(4294967295UL, BerReader.DecodeUnsigned(Hex("FFFFFFFF"), 0, 32));
        Assert.Equal(5UL, BerReader.DecodeUnsigned(Hex("000005"), 0, 32));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(201)]
    [InlineData(4000)]
    public void Should_patch_short_and_long_lengths_of_nested_sequences_When_a_message_has_many_varbinds(int count)
    {
        // Given: sequences of 1 to 3 length bytes, nested three deep, values of every kind
        var binds = Enumerable.Range(0, count).Select(i => new VarBind(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6").Append((uint)i), (i % 4) switch
        {
            0 => SnmpValue.OfUnsigned(BerTag.Counter64, ulong.MaxValue - (ulong)i),
            1 => SnmpValue.OfInteger(-i),
            2 => SnmpValue.OfOctets(new byte[i % 300]),
            _ => SnmpValue.Null,
        })).ToList();
        var message = new SnmpMessage(SnmpMessage.Version2c, "public"u8.ToArray(), new SnmpPdu(BerTag.Response, 7, 0, 0, binds));

        // When
        byte[] encoded = message.Encode();

        // Then: it decodes to the same varbinds, and the outer length covers exactly the whole message
        Assert.True(SnmpMessage.TryDecode(encoded, out SnmpMessage? decoded, out string? error), error);
        Assert.Equal(binds.Select(b => (b.Oid.ToString(), b.Value.Tag, b.Value.Number, b.Value.Counter, b.Value.Bytes.Length)),
                     decoded!.Pdu.VarBinds.Select(b => (b.Oid.ToString(), b.Value.Tag, b.Value.Number, b.Value.Counter, b.Value.Bytes.Length)));
        Assert.Equal(encoded.Length, new BerReader(encoded).ReadTlv(out _, out _).Length + (encoded[1] < 0x80 ? 2 : 2 + (encoded[1] & 0x7F)));
    }

    [Theory]
    [InlineData("1.3", "06012B")]
    [InlineData("1.3.6.1.2.1.1.3.0", "06082B06010201010300")]
    [InlineData("1.3.128", "06032B8100")]
    [InlineData("1.3.2021", "06032B8F65")]
    [InlineData("1.3.4294967295", "06062B8FFFFFFF7F")]
    [InlineData("2.999", "06028837")]
    public void Should_encode_sub_identifiers_in_base_128_When_writing_oids(string oid, string hex)
    {
        byte[] bytes = Written(w => w.WriteOid(Oid.Parse(oid).Arcs));

        Assert.Equal(Hex(hex), bytes);
        Assert.Equal(oid, new Oid(BerReader.DecodeOid(bytes.AsSpan(2), 0)).ToString());
    }

    [Fact]
    public void Should_use_the_long_form_When_a_length_is_128_or_more()
    {
        byte[] bytes = Written(w => w.WriteOctets(new byte[300]));

        Assert.Equal(Hex("0482012C"), bytes[..4]);
        var reader = new BerReader(bytes);
        Assert.Equal(300, reader.Expect(BerTag.OctetString, out _).Length);
    }

    [Theory]
    [InlineData("", "expected a tag")]
    [InlineData("30", "expected a length")]
    [InlineData("3080", "indefinite length")]
    [InlineData("3005020100", "exceeds")]
    [InlineData("30847FFFFFFF", "exceeds")]
    [InlineData("3089FFFFFFFFFFFFFFFFFF", "does not fit")]
    [InlineData("300B0209000000000000000000", "integer of")]
    public void Should_fail_with_an_offset_When_input_is_malformed(string hex, string problem)
    {
        Assert.False(SnmpMessage.TryDecode(Hex(hex), out _, out string? error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("at byte", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8FFFFFFFFF7F")]
    [InlineData("2B80")]
    public void Should_reject_When_an_oid_is_malformed(string hex)
    {
        Assert.Throws<BerException>(() => BerReader.DecodeOid(Hex(hex), 0));
    }
}
