using System.Globalization;

namespace DeadMan.Core.Snmp;

/// <summary>An object identifier such as <c>1.3.6.1.2.1.1.3.0</c>.</summary>
public sealed class Oid : IEquatable<Oid>
{
    // Shared by snapshots (a gauge's OID), so nobody may write into it.
    private readonly uint[] _arcs;

    public Oid(IReadOnlyList<uint> arcs) => _arcs = [.. arcs];

    public ReadOnlySpan<uint> Arcs => _arcs;

    public static Oid Parse(string text) =>
        new(text.TrimStart('.').Split('.').Select(a => uint.Parse(a, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Dotted decimal with two arcs or more (a leading dot allowed, as net-snmp writes them).</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Oid? oid)
    {
        string[] parts = text.TrimStart('.').Split('.');
        var arcs = new uint[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out arcs[i]))
            {
                oid = null;
                return false;
            }
        }

        oid = parts.Length >= 2 && arcs[0] <= 2 ? new Oid(arcs) : null;
        return oid is not null;
    }

    /// <summary>This OID with more arcs appended (a column with its row index).</summary>
    public Oid Append(params uint[] arcs) => new([.. _arcs, .. arcs]);

    public bool StartsWith(Oid prefix) => _arcs.Length >= prefix._arcs.Length && Arcs[..prefix._arcs.Length].SequenceEqual(prefix.Arcs);

    public bool Equals(Oid? other) => other is not null && Arcs.SequenceEqual(other.Arcs);

    public override bool Equals(object? obj) => Equals(obj as Oid);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (uint arc in _arcs)
        {
            hash.Add(arc);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('.', _arcs);
}
