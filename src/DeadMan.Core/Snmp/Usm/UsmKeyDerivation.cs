using System.Security.Cryptography;

namespace DeadMan.Core.Snmp.Usm;

/// <summary>
/// RFC 3414's key derivation (A.2), the same for every hash of RFC 7860: Ku, the hash of the password repeated
/// over one MiB, made once per password; Kul, Ku localised to one agent's engine: hash(Ku ‖ engineID ‖ Ku).
/// </summary>
public static class UsmKeyDerivation
{
    private const int Stretch = 1024 * 1024;

    public static byte[] PasswordToKey(AuthProtocol protocol, ReadOnlySpan<byte> password)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("an SNMPv3 password cannot be empty", nameof(password));
        }

        // The password repeated into 64-byte chunks, hashed chunk by chunk as RFC 3414's own code does.
        Span<byte> chunk = stackalloc byte[64];
        int index = 0;
        if (protocol == AuthProtocol.Sha224)
        {
            var sha = new Sha224();
            for (int done = 0; done < Stretch; done += chunk.Length)
            {
                Fill(chunk, password, ref index);
                sha.Append(chunk);
            }

            return sha.Finish();
        }

        using var hash = IncrementalHash.CreateHash(protocol switch
        {
            AuthProtocol.Md5 => HashAlgorithmName.MD5,
            AuthProtocol.Sha1 => HashAlgorithmName.SHA1,
            AuthProtocol.Sha256 => HashAlgorithmName.SHA256,
            AuthProtocol.Sha384 => HashAlgorithmName.SHA384,
            AuthProtocol.Sha512 => HashAlgorithmName.SHA512,
            _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
        });
        for (int done = 0; done < Stretch; done += chunk.Length)
        {
            Fill(chunk, password, ref index);
            hash.AppendData(chunk);
        }

        return hash.GetHashAndReset();
    }

    public static byte[] Localize(AuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> engineId) =>
        protocol.Hash([.. key, .. engineId, .. key]);

    private static void Fill(Span<byte> chunk, ReadOnlySpan<byte> password, ref int index)
    {
        for (int i = 0; i < chunk.Length; i++)
        {
            chunk[i] = password[index++ % password.Length];
        }
    }
}
