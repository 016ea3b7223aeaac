using System.Security.Cryptography;

namespace DeadMan.Core.Snmp.Usm;

/// <summary>USM authentication: HMAC-MD5-96 and HMAC-SHA-96 (RFC 3414), the HMAC-SHA-2 family (RFC 7860).</summary>
public enum AuthProtocol
{
    None,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// <summary>What each authentication protocol hashes with, and how much of its HMAC goes in the message.</summary>
public static class AuthProtocols
{
    /// <summary>msgAuthenticationParameters' length: RFC 3414's 12 bytes, RFC 7860's 16 to 48.</summary>
    public static int MacLength(this AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Md5 or AuthProtocol.Sha1 => 12,
        AuthProtocol.Sha224 => 16,
        AuthProtocol.Sha256 => 24,
        AuthProtocol.Sha384 => 32,
        AuthProtocol.Sha512 => 48,
        _ => 0,
    };

    /// <summary>
    /// The names the settings file takes, as deadman writes them ("sha256", "sha") or as net-snmp and vendors do
    /// ("SHA-256", "SHA-1", "HMAC-SHA-512"): case, '-', '_' and spaces do not matter.
    /// </summary>
    public static bool TryParse(string text, out AuthProtocol protocol)
    {
        protocol = Spelling(text) switch
        {
            "md5" => AuthProtocol.Md5,
            "sha" or "sha1" or "hmacsha" or "hmacsha1" => AuthProtocol.Sha1,
            "sha224" or "hmacsha224" => AuthProtocol.Sha224,
            "sha256" or "hmacsha256" => AuthProtocol.Sha256,
            "sha384" or "hmacsha384" => AuthProtocol.Sha384,
            "sha512" or "hmacsha512" => AuthProtocol.Sha512,
            "hmacmd5" => AuthProtocol.Md5,
            _ => AuthProtocol.None,
        };
        return protocol != AuthProtocol.None;
    }

    /// <summary>A protocol's name with case, '-', '_' and spaces taken out: "SHA-256" and "sha256" are one name.</summary>
    public static string Spelling(string text) =>
        string.Concat(text.Where(c => c is not ('-' or '_' or ' '))).ToLowerInvariant();

    // MD5 and SHA-1 are what RFC 3414 agents speak; the settings warn about MD5, and SHA-1 inside HMAC still holds.
#pragma warning disable CA5350, CA5351
    public static byte[] Hash(this AuthProtocol protocol, ReadOnlySpan<byte> data) => protocol switch
    {
        AuthProtocol.Md5 => MD5.HashData(data),
        AuthProtocol.Sha1 => SHA1.HashData(data),
        AuthProtocol.Sha224 => Sha224.Hash(data),
        AuthProtocol.Sha256 => SHA256.HashData(data),
        AuthProtocol.Sha384 => SHA384.HashData(data),
        AuthProtocol.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>The message's MAC: the HMAC over the whole message (its MAC bytes zero), cut to <see cref="MacLength"/>.</summary>
    public static byte[] Mac(this AuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        byte[] full = protocol switch
        {
            AuthProtocol.Md5 => HMACMD5.HashData(key, message),
            AuthProtocol.Sha1 => HMACSHA1.HashData(key, message),
            AuthProtocol.Sha224 => HmacSha224(key, message),
            AuthProtocol.Sha256 => HMACSHA256.HashData(key, message),
            AuthProtocol.Sha384 => HMACSHA384.HashData(key, message),
            AuthProtocol.Sha512 => HMACSHA512.HashData(key, message),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
        };
        return full[..protocol.MacLength()];
    }
#pragma warning restore CA5350, CA5351

    // RFC 2104 over SHA-224 (block 64 bytes); a localised key (28 bytes) is never longer than a block.
    private static byte[] HmacSha224(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        Span<byte> padded = stackalloc byte[Sha224.BlockLength];
        padded.Clear();
        (key.Length > Sha224.BlockLength ? Sha224.Hash(key) : key).CopyTo(padded);
        var inner = new Sha224();
        Span<byte> pad = stackalloc byte[Sha224.BlockLength];
        for (int i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(padded[i] ^ 0x36);
        }

        inner.Append(pad);
        inner.Append(message);
        byte[] innerHash = inner.Finish();
        var outer = new Sha224();
        for (int i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(padded[i] ^ 0x5c);
        }

        outer.Append(pad);
        outer.Append(innerHash);
        return outer.Finish();
    }
}
