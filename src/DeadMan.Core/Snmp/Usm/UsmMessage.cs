using System.Security.Cryptography;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Snmp.Usm;

/// <summary>What a v3 message's USM security parameters say (RFC 3414 §2.4): whose engine, its clock, which user.</summary>
public sealed record UsmHeader(byte[] EngineId, int Boots, int Time, string User);

/// <summary>One user's keys localised to one engine: what signing and encrypting a message takes.</summary>
public sealed record UsmKeys(AuthProtocol Auth, byte[] AuthKey, PrivProtocol Priv, byte[] PrivKey)
{
    public static readonly UsmKeys None = new(AuthProtocol.None, [], PrivProtocol.None, []);
}

/// <summary>A decoded v3 message: its id, whether its MAC was checked, what its header says, and its PDU.</summary>
public sealed record UsmMessage(int MessageId, bool Authenticated, UsmHeader Header, SnmpPdu Pdu);

/// <summary>Why a v3 datagram could not be read.</summary>
public enum UsmFailure
{
    None,
    NotVersion3,
    Malformed,
    WrongDigest,
    CannotDecrypt,
}

/// <summary>
/// SNMPv3 messages with the User-based Security Model (RFC 3412 §6, RFC 3414):
/// <c>SEQUENCE { 3, SEQUENCE { msgID, msgMaxSize, msgFlags, 3 }, OCTET STRING { usm parameters }, scopedPDU or
/// its encryption }</c>. The MAC covers the whole message with its own bytes zero; the scoped PDU is encrypted
/// before it is signed. Decoding never throws.
/// </summary>
public static class UsmCodec
{
    public const byte FlagAuth = 1;
    public const byte FlagPriv = 2;
    public const byte FlagReportable = 4;
    private const int Version3 = 3;
    private const int SecurityModelUsm = 3;
    private const int MaxSize = 65507;

    public static byte[] Encode(int messageId, UsmHeader header, UsmKeys keys, bool reportable, SnmpPdu pdu, ulong salt)
    {
        bool auth = keys.Auth != AuthProtocol.None;
        bool priv = auth && keys.Priv != PrivProtocol.None;
        var scoped = new BerWriter(64 + header.EngineId.Length + (pdu.VarBinds.Count * 24));
        int scope = scoped.BeginConstructed();
        scoped.WriteOctets(header.EngineId);
        scoped.WriteOctets([]);
        PduCodec.Write(scoped, pdu);
        scoped.EndConstructed(scope);

        var security = new BerWriter(96 + header.EngineId.Length);
        int parameters = security.BeginConstructed();
        security.WriteOctets(header.EngineId);
        security.WriteInteger(header.Boots);
        security.WriteInteger(header.Time);
        security.WriteOctets(System.Text.Encoding.UTF8.GetBytes(header.User));
        security.WriteOctets(new byte[keys.Auth.MacLength()]);
        security.WriteOctets(priv ? AesCfb.Salt(salt) : []);
        security.EndConstructed(parameters);

        var writer = new BerWriter(scoped.Written.Length + security.Written.Length + 64);
        int message = writer.BeginConstructed();
        writer.WriteInteger(Version3);
        int global = writer.BeginConstructed();
        writer.WriteInteger(messageId);
        writer.WriteInteger(MaxSize);
        writer.WriteOctets([(byte)((auth ? FlagAuth : 0) | (priv ? FlagPriv : 0) | (reportable ? FlagReportable : 0))]);
        writer.WriteInteger(SecurityModelUsm);
        writer.EndConstructed(global);
        writer.WriteOctets(security.Written);
        if (priv)
        {
            writer.WriteOctets(AesCfb.Encrypt(keys.PrivKey, header.Boots, header.Time, salt, scoped.Written));
        }
        else
        {
            writer.WriteEncoded(scoped.Written);
        }

        writer.EndConstructed(message);
        byte[] bytes = writer.Written.ToArray();
        if (auth)
        {
            int macAt = Fields(bytes).MacOffset;
            keys.Auth.Mac(keys.AuthKey, bytes).CopyTo(bytes.AsSpan(macAt));
        }

        return bytes;
    }

    /// <summary>The msgID of a v3 message, to find the request it answers before its keys are known; false for anything else.</summary>
    public static bool TryReadMessageId(ReadOnlySpan<byte> data, out int messageId)
    {
        messageId = 0;
        try
        {
            var outer = new BerReader(data);
            BerReader body = outer.EnterSequence();
            if (body.ReadInteger() != Version3)
            {
                return false;
            }

            BerReader global = body.EnterSequence();
            messageId = checked((int)global.ReadInteger());
            return true;
        }
        catch (Exception e) when (e is BerException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a v3 message, checking its MAC and decrypting it with <paramref name="keys"/> (the keys of the request it
    /// answers). An unauthenticated message (a discovery report) is read without keys.
    /// </summary>
    public static UsmFailure TryDecode(ReadOnlySpan<byte> data, UsmKeys keys, out UsmMessage? message)
    {
        message = null;
        try
        {
            MessageFields fields = Fields(data);
            bool auth = (fields.Flags & FlagAuth) != 0;
            bool priv = (fields.Flags & FlagPriv) != 0;
            if (auth && !Verify(data, fields.MacOffset, fields.MacLength, keys))
            {
                return UsmFailure.WrongDigest;
            }

            byte[] scopedBytes;
            if (priv)
            {
                if (!auth || keys.Priv == PrivProtocol.None || fields.Salt.Length != AesCfb.SaltLength)
                {
                    return UsmFailure.CannotDecrypt;
                }

                scopedBytes = AesCfb.Decrypt(keys.PrivKey, fields.Header.Boots, fields.Header.Time, fields.Salt, data.Slice(fields.DataOffset, fields.DataLength));
            }
            else
            {
                scopedBytes = data.Slice(fields.DataStart, fields.DataEnd - fields.DataStart).ToArray();
            }

            var outer = new BerReader(scopedBytes);
            BerReader scoped;
            try
            {
                scoped = outer.EnterSequence();
            }
            catch (BerException) when (priv)
            {
                // Garbage out of the decryption: the privacy key is not the agent's.
                return UsmFailure.CannotDecrypt;
            }

            scoped.Expect(BerTag.OctetString, out _);
            scoped.Expect(BerTag.OctetString, out _);
            message = new UsmMessage(fields.MessageId, auth, fields.Header, PduCodec.Read(ref scoped));
            return UsmFailure.None;
        }
        catch (NotVersion3Exception)
        {
            return UsmFailure.NotVersion3;
        }
        catch (Exception e) when (e is BerException or OverflowException)
        {
            return UsmFailure.Malformed;
        }
    }

    private static bool Verify(ReadOnlySpan<byte> data, int macOffset, int macLength, UsmKeys keys)
    {
        if (keys.Auth == AuthProtocol.None || macLength != keys.Auth.MacLength())
        {
            return false;
        }

        byte[] zeroed = data.ToArray();
        zeroed.AsSpan(macOffset, macLength).Clear();
        return CryptographicOperations.FixedTimeEquals(keys.Auth.Mac(keys.AuthKey, zeroed), data.Slice(macOffset, macLength));
    }

    // Where everything is: the header's fields, the MAC's bytes, and the message data (a scoped PDU, or the octet
    // string holding its encryption).
    private static MessageFields Fields(ReadOnlySpan<byte> data)
    {
        var outer = new BerReader(data);
        BerReader body = outer.EnterSequence();
        if (body.ReadInteger() != Version3)
        {
            throw new NotVersion3Exception();
        }

        BerReader global = body.EnterSequence();
        int messageId = checked((int)global.ReadInteger());
        global.ReadInteger();
        ReadOnlySpan<byte> flags = global.Expect(BerTag.OctetString, out int flagsOffset);
        if (flags.Length != 1)
        {
            throw new BerException("msgFlags is not one byte", flagsOffset);
        }

        if (global.ReadInteger() != SecurityModelUsm)
        {
            throw new BerException("not the User-based Security Model", global.Offset);
        }

        ReadOnlySpan<byte> securityBytes = body.Expect(BerTag.OctetString, out int securityOffset);
        var securityOuter = new BerReader(securityBytes, securityOffset);
        BerReader security = securityOuter.EnterSequence();
        byte[] engineId = security.Expect(BerTag.OctetString, out _).ToArray();
        int boots = checked((int)security.ReadInteger());
        int time = checked((int)security.ReadInteger());
        string user = System.Text.Encoding.UTF8.GetString(security.Expect(BerTag.OctetString, out _));
        int macLength = security.Expect(BerTag.OctetString, out int macOffset).Length;
        byte[] salt = security.Expect(BerTag.OctetString, out _).ToArray();
        int dataStart = body.Offset;
        int dataOffset = 0;
        int dataLength = 0;
        if ((flags[0] & FlagPriv) != 0)
        {
            dataLength = body.Expect(BerTag.OctetString, out dataOffset).Length;
        }
        else
        {
            body.Expect(BerTag.Sequence, out _);
        }

        return new MessageFields(messageId, flags[0], new UsmHeader(engineId, boots, time, user), macOffset, macLength, salt, dataStart, body.Offset, dataOffset, dataLength);
    }

    private sealed record MessageFields(int MessageId, byte Flags, UsmHeader Header, int MacOffset, int MacLength, byte[] Salt,
                                        int DataStart, int DataEnd, int DataOffset, int DataLength);

    private sealed class NotVersion3Exception : Exception;
}
