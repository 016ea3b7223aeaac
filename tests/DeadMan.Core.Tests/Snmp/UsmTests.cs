using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DeadMan.Core.Config;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;
using DeadMan.Core.Snmp.Usm;
using DeadMan.Core.Tests.Fakes;
using Oid = DeadMan.Core.Snmp.Oid;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>
/// USM's pieces against answers that do not come from this code: RFC 3414's appendix A.3, SHA-2 keys made by the
/// RFC's algorithm written out with the framework's hashes (and Python's hashlib for SHA-224, which .NET lacks),
/// FIPS 180-4 and RFC 4231 vectors for our SHA-224.
/// </summary>
public sealed class UsmTests
{
    private static readonly byte[] s_rfcEngine = Convert.FromHexString("000000000000000000000002");

    [Theory]
    [InlineData(AuthProtocol.Md5, "9faf3283884e92834ebc9847d8edd963", "526f5eed9fcce26f8964c2930787d82b")]
    [InlineData(AuthProtocol.Sha1, "9fb5cc0381497b3793528939ff788d5d79145211", "6695febc9288e36282235fc7151f128497b38f3f")]
    public void Should_make_the_rfcs_keys_When_the_password_is_maplesyrup(AuthProtocol protocol, string ku, string kul)
    {
        // When
        byte[] key = UsmKeyDerivation.PasswordToKey(protocol, "maplesyrup"u8);

        // Then
        Assert.Equal(ku, Convert.ToHexString(key).ToLowerInvariant());
        Assert.Equal(kul, Convert.ToHexString(UsmKeyDerivation.Localize(protocol, key, s_rfcEngine)).ToLowerInvariant());
    }

    [Theory]
    [InlineData(AuthProtocol.Sha256)]
    [InlineData(AuthProtocol.Sha384)]
    [InlineData(AuthProtocol.Sha512)]
    public void Should_make_the_keys_the_rfcs_algorithm_makes_When_the_hash_is_sha2(AuthProtocol protocol)
    {
        // Given: RFC 3414 A.2 written out: the password repeated to one MiB, hashed; then hash(Ku ‖ engine ‖ Ku)
        Func<byte[], byte[]> hash = protocol switch
        {
            AuthProtocol.Sha256 => SHA256.HashData,
            AuthProtocol.Sha384 => SHA384.HashData,
            _ => SHA512.HashData,
        };
        byte[] stretched = [.. Enumerable.Range(0, 1024 * 1024).Select(i => (byte)"maplesyrup"[i % 10])];
        byte[] ku = hash(stretched);
        byte[] kul = hash([.. ku, .. s_rfcEngine, .. ku]);

        // When
        byte[] key = UsmKeyDerivation.PasswordToKey(protocol, "maplesyrup"u8);

        // Then
        Assert.Equal(Convert.ToHexString(ku), Convert.ToHexString(key));
        Assert.Equal(Convert.ToHexString(kul), Convert.ToHexString(UsmKeyDerivation.Localize(protocol, key, s_rfcEngine)));
    }

    [Fact]
    public void Should_make_the_keys_pythons_hashlib_makes_When_the_hash_is_sha224()
    {
        // Given: Python's own SHA-224, on the same algorithm
        const string script = "import hashlib\npw = b'maplesyrup'\nengine = bytes.fromhex('000000000000000000000002')\n" +
                              "ku = hashlib.sha224((pw * 104858)[:1048576]).digest()\nprint(ku.hex(), hashlib.sha224(ku + engine + ku).hexdigest())\n";
        var python = new ProcessStartInfo("python3", ["-c", script]) { RedirectStandardOutput = true };
        using Process process = Process.Start(python)!;
        string[] expected = process.StandardOutput.ReadToEnd().Trim().Split(' ');
        process.WaitForExit();

        // When
        byte[] key = UsmKeyDerivation.PasswordToKey(AuthProtocol.Sha224, "maplesyrup"u8);

        // Then
        Assert.Equal(expected[0], Convert.ToHexString(key).ToLowerInvariant());
        Assert.Equal(expected[1], Convert.ToHexString(UsmKeyDerivation.Localize(AuthProtocol.Sha224, key, s_rfcEngine)).ToLowerInvariant());
    }

    [Theory]
    [InlineData("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    public void Should_hash_as_fips_180_4_says_When_hashing_with_sha224(string text, string digest) =>
        Assert.Equal(digest, Convert.ToHexString(AuthProtocol.Sha224.Hash(Encoding.ASCII.GetBytes(text))).ToLowerInvariant());

    [Fact]
    public void Should_sign_as_rfc_4231_says_When_the_mac_is_hmac_sha224()
    {
        // When: RFC 4231 test case 1, cut to USM's 16 bytes
        byte[] mac = AuthProtocol.Sha224.Mac(Enumerable.Repeat((byte)0x0b, 20).ToArray(), "Hi There"u8);

        // Then
        Assert.Equal("896fb1128abbdf196832107cd49df33f", Convert.ToHexString(mac).ToLowerInvariant());
    }

    [Theory]
    [InlineData(AuthProtocol.Md5, PrivProtocol.None)]
    [InlineData(AuthProtocol.Sha1, PrivProtocol.Aes128)]
    [InlineData(AuthProtocol.Sha224, PrivProtocol.Aes128)]
    [InlineData(AuthProtocol.Sha256, PrivProtocol.Aes128)]
    [InlineData(AuthProtocol.Sha512, PrivProtocol.Aes128)]
    public void Should_read_back_what_it_signed_and_encrypted_and_refuse_a_changed_byte_When_coding_a_v3_message(AuthProtocol auth, PrivProtocol priv)
    {
        // Given
        var user = new UsmUser("noc", auth, new Secret("authentication-pw"), priv, new Secret("privacy-password"));
        UsmKeys keys = user.KeysFor(s_rfcEngine);
        var pdu = new SnmpPdu(BerTag.GetRequest, 77, 0, 0, [new VarBind(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.Null)]);

        // When
        byte[] bytes = UsmCodec.Encode(77, new UsmHeader(s_rfcEngine, 3, 1234, "noc"), keys, reportable: true, pdu, salt: 42);

        // Then
        Assert.Equal(UsmFailure.None, UsmCodec.TryDecode(bytes, keys, out UsmMessage? message));
        Assert.True(message!.Authenticated);
        Assert.Equal((77, 3, 1234, "noc"), (message.MessageId, message.Header.Boots, message.Header.Time, message.Header.User));
        Assert.Equal("1.3.6.1.2.1.1.3.0", message.Pdu.VarBinds.Single().Oid.ToString());
        // The OID is on the wire only when the message is not encrypted
        byte[] oid = [0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00];
        Assert.Equal(priv == PrivProtocol.None, bytes.AsSpan().IndexOf(oid) >= 0);
        bytes[^1] ^= 1;
        Assert.Equal(UsmFailure.WrongDigest, UsmCodec.TryDecode(bytes, keys, out _));
        UsmKeys others = new UsmUser("noc", auth, new Secret("another-password"), priv, new Secret("privacy-password")).KeysFor(s_rfcEngine);
        bytes[^1] ^= 1;
        Assert.Equal(UsmFailure.WrongDigest, UsmCodec.TryDecode(bytes, others, out _));
    }

    [Fact]
    public void Should_verify_a_message_python_signed_When_the_keys_are_the_same()
    {
        // Given: the fuzz seed made by Python's hashlib and hmac (tests/fuzz/corpus), for user "fuzz", SHA-256
        byte[] signed = File.ReadAllBytes(Path.Combine(Golden.RepositoryRoot, "tests", "fuzz", "corpus", "snmp-v3-message", "authnopriv_get_sha256.bin"));
        var user = new UsmUser("fuzz", AuthProtocol.Sha256, new Secret("fuzz-auth-password"), PrivProtocol.None, null);

        // When
        UsmFailure failure = UsmCodec.TryDecode(signed, user.KeysFor(DeadMan.Fuzz.SnmpV3MessageTarget.Engine), out UsmMessage? message);

        // Then
        Assert.Equal(UsmFailure.None, failure);
        Assert.True(message!.Authenticated);
        Assert.Equal(("fuzz", 3, 1240), (message.Header.User, message.Header.Boots, message.Header.Time));
        Assert.Equal("1.3.6.1.2.1.1.5.0", message.Pdu.VarBinds.Single().Oid.ToString());
    }

    [Fact]
    public void Should_carry_the_agents_clock_forward_past_its_window_and_move_it_only_forward_When_time_passes()
    {
        // Given: an engine heard at boots 5, time 1000
        var clock = new FakeTimeProvider();
        var engine = new AgentEngine([1, 2, 3], 5, 1000, clock.GetTimestamp(), clock);

        // When: 301 s pass (twice the 150 s window and more), then an answer says a time behind our reckoning
        clock.Advance(TimeSpan.FromSeconds(301));
        (int boots, int time) = engine.Clock();
        engine.Heard(5, 1100);

        // Then: the clock went on, and the stale answer did not pull it back
        Assert.Equal((5, 1301), (boots, time));
        Assert.Equal((5, 1301), engine.Clock());

        // When: the agent rebooted, then says we are outside its window
        engine.Heard(6, 3);
        Assert.Equal((6, 3), engine.Clock());
        engine.Reset(6, 1);
        Assert.Equal((6, 1), engine.Clock());
    }
}
