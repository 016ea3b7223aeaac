namespace DeadMan.Terminal.Table;

/// <summary>
/// Names as an operator counts them: runs of digits compare by value, so <c>ap1-2</c> comes before <c>ap1-10</c>;
/// the rest compares as text, ignoring case.
/// </summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0;
        int j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int startX = i;
                int startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                // Compare by value without parsing: leading zeros off, then length, then digits.
                ReadOnlySpan<char> a = x.AsSpan(startX, i - startX).TrimStart('0');
                ReadOnlySpan<char> b = y.AsSpan(startY, j - startY).TrimStart('0');
                int byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                if (byValue != 0)
                {
                    return byValue;
                }

                continue;
            }

            int textEnd = i;
            while (textEnd < x.Length && !char.IsAsciiDigit(x[textEnd]))
            {
                textEnd++;
            }

            int textEndY = j;
            while (textEndY < y.Length && !char.IsAsciiDigit(y[textEndY]))
            {
                textEndY++;
            }

            int byText = x.AsSpan(i, textEnd - i).CompareTo(y.AsSpan(j, textEndY - j), StringComparison.OrdinalIgnoreCase);
            if (byText != 0)
            {
                return byText;
            }

            (i, j) = (textEnd, textEndY);
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }
}
