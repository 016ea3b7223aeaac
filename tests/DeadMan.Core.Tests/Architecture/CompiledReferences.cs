using System.Reflection;
using System.Reflection.Emit;

namespace DeadMan.Core.Tests.Architecture;

/// <summary>What compiled code refers to, read from its IL: every method, field and type an instruction names.</summary>
internal static class CompiledReferences
{
    // Reads the method's IL and resolves every operand that names a method, field or type.
    public static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int at = 0; at < il.Length;)
        {
            OpCode code = il[at] == 0xFE ? s_twoByte[il[at + 1]] : s_oneByte[il[at]];
            at += code.Size;
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // A token of a generic context it cannot resolve here: not one of ours.
                }

                if (member is not null)
                {
                    yield return member is Type t ? new TypeMember(t) : member;
                }
            }

            at += OperandSize(code.OperandType, il, at);
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static readonly OpCode[] s_oneByte = new OpCode[256];
    private static readonly OpCode[] s_twoByte = new OpCode[256];

#pragma warning disable CA1810 // the opcode tables are filled from reflection once
    static CompiledReferences()
#pragma warning restore CA1810
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            ushort value = unchecked((ushort)code.Value);
            (code.Size == 1 ? s_oneByte : s_twoByte)[value & 0xFF] = code;
        }
    }

    // A type named by an operand (a cast, a new array, a box): reported like a member of that type.
    private sealed class TypeMember(Type type) : MemberInfo
    {
        public override Type? DeclaringType => type;

        public override MemberTypes MemberType => MemberTypes.TypeInfo;

        public override string Name => type.Name;

        public override Type? ReflectedType => type;

        public override object[] GetCustomAttributes(bool inherit) => [];

        public override object[] GetCustomAttributes(Type attributeType, bool inherit) => [];

        public override bool IsDefined(Type attributeType, bool inherit) => false;
    }
}
