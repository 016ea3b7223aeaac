using System.Globalization;

namespace DeadMan.Core.Config;

/// <summary>
/// The statuses <c>http-status=</c> accepts as written: codes and ranges separated by commas ("200", "200-299,301").
/// The default, 200–399, takes a redirect not followed as an answer: the page is there, it points on.
/// </summary>
public sealed record HttpStatusRange(string Text, IReadOnlyList<(int From, int To)> Ranges)
{
    public static readonly HttpStatusRange Default = new("200-399", [(200, 399)]);

    public bool Accepts(int status) => Ranges.Any(r => status >= r.From && status <= r.To);

    /// <summary>The range a value writes, or null when it is not codes 100–599 and ranges of them.</summary>
    public static HttpStatusRange? Parse(string text)
    {
        var ranges = new List<(int, int)>();
        foreach (string part in text.Split(','))
        {
            string[] ends = part.Split('-', 2);
            if (!Code(ends[0], out int from))
            {
                return null;
            }

            int to = from;
            if (ends.Length == 2 && (!Code(ends[1], out to) || to < from))
            {
                return null;
            }

            ranges.Add((from, to));
        }

        return new HttpStatusRange(text, ranges);
    }

    private static bool Code(string text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 100 and <= 599;

    // Equal when they accept the same, so a reload that rewrites "200-399" as the default changes nothing.
    public bool Equals(HttpStatusRange? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override int GetHashCode() => Ranges.Aggregate(0, (hash, r) => HashCode.Combine(hash, r.From, r.To));
}
