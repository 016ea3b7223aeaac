using DeadMan.Core.Snmp;

namespace DeadMan.Fuzz;

/// <summary>
/// The BER codec through the SNMP message decoder, on bytes as an agent could send them: a message that decodes
/// re-encodes to bytes that decode to the same message, and decoding allocates a small multiple of the input.
/// </summary>
public static class SnmpMessageTarget
{
    /// <summary>Per input byte: an OID arc is 4 bytes from 1, a varbind's objects about 150 bytes from 6.</summary>
    private const int AllocationPerByte = 64;
    private const int AllocationBase = 16 * 1024;

    public static void Run(ReadOnlySpan<byte> input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool decoded = SnmpMessage.TryDecode(input, out SnmpMessage? message, out string? error);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Oracle.Check(allocated <= AllocationBase + ((long)AllocationPerByte * input.Length), $"decoding {input.Length} bytes allocated {allocated}");
        if (!decoded)
        {
            Oracle.Check(!string.IsNullOrEmpty(error), "a failed decode says why");
            return;
        }

        byte[] encoded = message!.Encode();
        Oracle.Check(SnmpMessage.TryDecode(encoded, out SnmpMessage? again, out string? againError), $"our own encoding does not decode: {againError}");
        Oracle.Check(again!.Encode().AsSpan().SequenceEqual(encoded), "decode(encode(m)) is not m");
    }
}
