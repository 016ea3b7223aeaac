using DeadMan.Core.Text;
using DeadMan.Terminal.Formatting;

namespace DeadMan.Terminal.Table;

/// <summary>
/// Where each column goes at a given width. KIND, after ADDRESS, is there only when the rows are not all probed alike
/// (<see cref="KindText"/>: "tcp 443" beside "icmp" and "dns A"). RESULT takes what is left; when that would be under
/// <see cref="MinResult"/> columns, KIND goes first, then ADDRESS, then AVG, then SNT, then LOSS, then SINCE, and
/// HOSTNAME shrinks.
/// While a row has something to say at the end of RESULT (why it is degraded, that it is expected down), ADDRESS also
/// gives way to leave RESULT <see cref="MinWords"/> columns: at 80 columns the reason was never shown.
/// Read back from other deadmans (--from prometheus), a column per vantage comes before RESULT, named after it; those
/// are never dropped, as they are what that screen is for, but narrow last, to one cell each.
/// <code>
///  > HOSTNAME      ADDRESS         KIND    LOSS  RTT   AVG   SNT SINCE hall-b noc   RESULT
/// </code>
/// </summary>
public sealed record TableLayout(int Name, int NameWidth, int Address, int AddressWidth, int Loss, int Rtt, int Avg, int Sent, int Since, int Result, int ResultWidth)
{
    /// <summary>The vantages, in column order; empty for this machine's own engine.</summary>
    public IReadOnlyList<string> Vantages { get; init; } = [];

    /// <summary>Where the first vantage column starts; each is <see cref="VantageWidth"/> wide plus a space.</summary>
    public int VantageAt { get; init; } = -1;

    public int VantageWidth { get; init; }

    /// <summary>Where KIND starts, or -1 when it is not shown.</summary>
    public int Kind { get; init; } = -1;

    public int KindWidth { get; init; }

    public const int ArrowWidth = 3;
    public const int NumberWidth = 5;
    private const int MinResult = 10;
    private const int MinWords = 34;
    private const int MaxName = 24;
    private const int MaxAddress = 39;
    private const int MinVantage = 5;
    private const int MaxVantage = 10;
    private const int MaxKind = 10;

    /// <summary>Column start, or -1 for a column dropped to make room.</summary>
    public static TableLayout For(int width, IReadOnlyList<TableRow> rows)
    {
        int name = Math.Clamp(rows.Max(r => r.Target is { } t ? (int?)DisplayWidth.Of(t.Spec.Name) : null) ?? 0, "HOSTNAME".Length, MaxName);
        int address = Math.Clamp(rows.Max(r => r.Target is { } t ? (int?)DisplayWidth.Of(t.Spec.Address.Text) : null) ?? 0, "ADDRESS".Length, MaxAddress);
        string[] vantages = [.. rows.SelectMany(r => r.Target?.Vantages ?? []).Select(v => v.Vantage).Distinct().Order(StringComparer.Ordinal)];
        int vantage = Math.Clamp(vantages.Max(v => (int?)DisplayWidth.Of(v)) ?? 0, MinVantage, MaxVantage);
        string[] kinds = [.. rows.Where(r => r.Target is not null).Select(r => KindText.Of(r.Target!.Spec.Probe)).Distinct()];
        int kind = Math.Min(kinds.Max(k => (int?)k.Length) ?? 0, MaxKind);
        // One kind needs no column, unless a row's certificate goes unchecked: that is said wherever there is room.
        bool showKind = kinds.Length > 1 || kinds.Any(k => k.EndsWith(" -k", StringComparison.Ordinal));
        bool[] numbers = [true, true, true, true, true]; // LOSS, RTT, AVG, SNT, SINCE
        bool showAddress = true;
        int Used() => ArrowWidth + name + 1 + (showAddress ? address + 1 : 0) + (showKind ? kind + 1 : 0) + (numbers.Count(n => n) * (NumberWidth + 1)) + (vantages.Length * (vantage + 1)) + 1;

        // Give way in the order an operator misses them least.
        bool words = rows.Any(r => r.Target is { Status: Core.Health.TargetStatus.Degraded } or { Status: Core.Health.TargetStatus.Down, Spec.ExpectDown: true });
        if (width - Used() < (words ? MinWords : MinResult))
        {
            showKind = false;
        }

        if (width - Used() < (words ? MinWords : MinResult))
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

        // Vantage columns narrow last, down to one coloured cell each: from afar the colour is what tells.
        while (width - Used() < MinResult && vantage > 1)
        {
            vantage--;
        }

        int x = ArrowWidth;
        int nameAt = x;
        x += name + 1;
        int addressAt = showAddress ? x : -1;
        x += showAddress ? address + 1 : 0;
        int kindAt = showKind ? x : -1;
        x += showKind ? kind + 1 : 0;
        int[] at = new int[numbers.Length];
        for (int i = 0; i < numbers.Length; i++)
        {
            at[i] = numbers[i] ? x : -1;
            x += numbers[i] ? NumberWidth + 1 : 0;
        }

        int vantageAt = vantages.Length > 0 ? x : -1;
        x += vantages.Length * (vantage + 1);
        x++;
        return new TableLayout(nameAt, name, addressAt, address, at[0], at[1], at[2], at[3], at[4], x, Math.Max(0, width - x))
        {
            Vantages = vantages,
            VantageAt = vantageAt,
            VantageWidth = vantage,
            Kind = kindAt,
            KindWidth = kind,
        };
    }
}
