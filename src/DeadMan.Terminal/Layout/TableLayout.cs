using DeadMan.Core.Text;

namespace DeadMan.Terminal.Layout;

/// <summary>
/// Where each column goes at a given width. RESULT takes what is left; when that would be under
/// <see cref="MinResult"/> columns, ADDRESS goes first, then AVG, then SNT, then LOSS, then SINCE, and HOSTNAME shrinks.
/// <code>
///  > HOSTNAME      ADDRESS         LOSS  RTT   AVG   SNT SINCE RESULT
/// </code>
/// </summary>
public sealed record TableLayout(int Name, int NameWidth, int Address, int AddressWidth, int Loss, int Rtt, int Avg, int Sent, int Since, int Result, int ResultWidth)
{
    public const int ArrowWidth = 3;
    public const int NumberWidth = 5;
    private const int MinResult = 10;
    private const int MaxName = 24;
    private const int MaxAddress = 39;

    /// <summary>Column start, or -1 for a column dropped to make room.</summary>
    public static TableLayout For(int width, IReadOnlyList<TableRow> rows)
    {
        int name = Math.Clamp(rows.Max(r => r.Target is { } t ? (int?)DisplayWidth.Of(t.Spec.Name) : null) ?? 0, "HOSTNAME".Length, MaxName);
        int address = Math.Clamp(rows.Max(r => r.Target is { } t ? (int?)DisplayWidth.Of(t.Spec.Address.Text) : null) ?? 0, "ADDRESS".Length, MaxAddress);
        bool[] numbers = [true, true, true, true, true]; // LOSS, RTT, AVG, SNT, SINCE
        bool showAddress = true;
        int Used() => ArrowWidth + name + 1 + (showAddress ? address + 1 : 0) + (numbers.Count(n => n) * (NumberWidth + 1)) + 1;

        // Give way in the order an operator misses them least.
        if (width - Used() < MinResult)
        {
            showAddress = false;
        }

        foreach (int drop in new[] { 2, 3, 0, 4 })
        {
            if (width - Used() < MinResult)
            {
                numbers[drop] = false;
            }
        }

        if (width - Used() < MinResult)
        {
            name = Math.Max(4, name - (MinResult - (width - Used())));
        }

        int x = ArrowWidth;
        int nameAt = x;
        x += name + 1;
        int addressAt = showAddress ? x : -1;
        x += showAddress ? address + 1 : 0;
        int[] at = new int[numbers.Length];
        for (int i = 0; i < numbers.Length; i++)
        {
            at[i] = numbers[i] ? x : -1;
            x += numbers[i] ? NumberWidth + 1 : 0;
        }

        x++;
        return new TableLayout(nameAt, name, addressAt, address, at[0], at[1], at[2], at[3], at[4], x, Math.Max(0, width - x));
    }
}
