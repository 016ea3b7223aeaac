namespace DeadMan.Core.Text;

/// <summary>"Did you mean …?": the known word nearest a mistyped one, within two edits.</summary>
public static class Suggestion
{
    public static string? Nearest(string typed, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: EditDistance(k, typed)))
             .Where(c => c.Distance <= 2 && c.Distance < typed.Length)
             .OrderBy(c => c.Distance)
             .Select(c => c.Key)
             .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
