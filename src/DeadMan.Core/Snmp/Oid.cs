using System.Globalization;

namespace DeadMan.Core.Snmp;

/// <summary>An object identifier such as <c>1.3.6.1.2.1.1.3.0</c>.</summary>
public sealed class Oid : IEquatable<Oid>
{
    public Oid(IReadOnlyList<uint> arcs) => Arcs = [.. arcs];

    public uint[] Arcs { get; }

    public static Oid Parse(string text) =>
        new(text.TrimStart('.').Split('.').Select(a => uint.Parse(a, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray());

    /// <summary>This OID with more arcs appended (a column with its row index).</summary>
    public Oid Append(params uint[] arcs) => new([.. Arcs, .. arcs]);

    public bool StartsWith(Oid prefix) => Arcs.Length >= prefix.Arcs.Length && Arcs.AsSpan(0, prefix.Arcs.Length).SequenceEqual(prefix.Arcs);

    public bool Equals(Oid? other) => other is not null && Arcs.AsSpan().SequenceEqual(other.Arcs);

    public override bool Equals(object? obj) => Equals(obj as Oid);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (uint arc in Arcs)
        {
            hash.Add(arc);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('.', Arcs);
}
