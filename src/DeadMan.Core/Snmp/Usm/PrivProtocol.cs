using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DeadMan.Core.Snmp.Usm;

/// <summary>USM privacy: none, or AES-128 in CFB mode (RFC 3826). DES is refused: its 56-bit key falls to a day's search.</summary>
public enum PrivProtocol
{
    None,
    Aes128,
}

/// <summary>RFC 3826's AES-128-CFB: the localised key's first 16 bytes, an IV of boots ‖ time ‖ the message's 8-byte salt.</summary>
internal static class AesCfb
{
    public const int KeyLength = 16;
    public const int SaltLength = 8;
    private const int Block = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, int boots, int time, ulong salt, ReadOnlySpan<byte> plain) =>
        Run(key, Iv(boots, time, salt), plain, encrypt: true);

    public static byte[] Decrypt(ReadOnlySpan<byte> key, int boots, int time, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> cipher) =>
        Run(key, Iv(boots, time, BinaryPrimitives.ReadUInt64BigEndian(salt)), cipher, encrypt: false);

    public static byte[] Salt(ulong salt)
    {
        byte[] bytes = new byte[SaltLength];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, salt);
        return bytes;
    }

    private static byte[] Iv(int boots, int time, ulong salt)
    {
        byte[] iv = new byte[Block];
        BinaryPrimitives.WriteInt32BigEndian(iv, boots);
        BinaryPrimitives.WriteInt32BigEndian(iv.AsSpan(4), time);
        BinaryPrimitives.WriteUInt64BigEndian(iv.AsSpan(8), salt);
        return iv;
    }

    // CFB is a stream mode: .NET wants whole blocks, so the data is padded and the result cut back, which leaves
    // every byte as it would be unpadded.
    private static byte[] Run(ReadOnlySpan<byte> key, byte[] iv, ReadOnlySpan<byte> data, bool encrypt)
    {
        using var aes = Aes.Create();
        aes.Key = key[..KeyLength].ToArray();
        byte[] padded = new byte[(data.Length + Block - 1) / Block * Block];
        data.CopyTo(padded);
        byte[] result = encrypt
            ? aes.EncryptCfb(padded, iv, PaddingMode.None, feedbackSizeInBits: 128)
            : aes.DecryptCfb(padded, iv, PaddingMode.None, feedbackSizeInBits: 128);
        return result[..data.Length];
    }
}
