namespace DeadMan.Core.Remote;

/// <summary>One series of a range answer: its labels and its values in time order.</summary>
public sealed record RangeSeries(SeriesLabels Labels, IReadOnlyList<(DateTimeOffset At, double Value)> Values)
{
    public string Label(string name) => Labels.Label(name);
}
