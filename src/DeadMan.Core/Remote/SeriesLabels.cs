namespace DeadMan.Core.Remote;

/// <summary>The labels of one series, in the answer's order; few enough that looking one up by name is a short scan.</summary>
public sealed class SeriesLabels(string[] names, string[] values)
{
    public static SeriesLabels None { get; } = new([], []);

    /// <summary>The label's value; null when the series has no such label.</summary>
    public string? this[string name]
    {
        get
        {
            int at = Array.IndexOf(names, name);
            return at < 0 ? null : values[at];
        }
    }

    /// <summary>The label's value, or "" when it is absent (as Prometheus treats a missing label).</summary>
    public string Label(string name) => this[name] ?? "";
}
