namespace DeadMan.Core.Remote;

/// <summary>One series of an instant vector: its labels and value.</summary>
public sealed record Sample(SeriesLabels Labels, double Value)
{
    public string Label(string name) => Labels.Label(name);
}
