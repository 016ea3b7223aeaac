using DeadMan.Core.Config;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Usm;

namespace DeadMan.Fuzz;

/// <summary>
/// SNMPv3 messages as an agent (or anyone on the path) could send them, read with no keys and with an authPriv
/// user's: reading never throws, says why it failed, and what it read re-encodes (signed and encrypted again) to a
/// message that reads back to the same PDU.
/// </summary>
public static class SnmpV3MessageTarget
{
    /// <summary>The seeds' user: SHA-256 and AES, passwords "fuzz-auth-password" and "fuzz-priv-password", engine 80001f8880fuzz.</summary>
    public static readonly byte[] Engine = Convert.FromHexString("80001f888066757a7a");

    private static readonly UsmKeys s_keys = new UsmUser("fuzz", AuthProtocol.Sha256, new Secret("fuzz-auth-password"), PrivProtocol.Aes128, new Secret("fuzz-priv-password")).KeysFor(Engine);

    public static void Run(ReadOnlySpan<byte> input)
    {
        UsmCodec.TryReadMessageId(input, out _);
        foreach (UsmKeys keys in new[] { UsmKeys.None, s_keys })
        {
            UsmFailure failure = UsmCodec.TryDecode(input, keys, out UsmMessage? message);
            Oracle.Check(failure == UsmFailure.None == message is not null, $"{failure} with a message: {message}");
            if (message is null)
            {
                continue;
            }

            byte[] again = UsmCodec.Encode(message.MessageId, message.Header, keys, reportable: true, message.Pdu, salt: 1);
            Oracle.Check(UsmCodec.TryDecode(again, keys, out UsmMessage? back) == UsmFailure.None, "our own encoding does not read back");
            Oracle.Check(Pdu(back!.Pdu).AsSpan().SequenceEqual(Pdu(message.Pdu)), "the PDU changed on the way round");
        }
    }

    private static byte[] Pdu(SnmpPdu pdu) => new SnmpMessage(SnmpMessage.Version2c, [], pdu).Encode();
}
