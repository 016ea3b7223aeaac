using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>One measured run: steady-state CPU per wall second, peak memory, achieved probe rate, losses.</summary>
internal sealed record Figures(string Tool, int Targets, double Seconds, TimeSpan Cpu, double PeakRssMiB, long Probes, long Lost)
{
    public double CpuPerSecond => Cpu.TotalSeconds / Seconds;

    /// <summary>Bytes the tool allocated over the window, where it says (deadman's /metrics); else 0.</summary>
    public double AllocatedBytes { get; init; }

    public double ProbesPerSecond => Probes / Seconds;

    public double MicrosecondsPerProbe => Probes == 0 ? double.NaN : Cpu.TotalMicroseconds / Probes;

    public static string Header => "| targets | tool | probes/s | CPU s/s | CPU µs/probe | × C floor | × fping | peak RSS MiB | lost |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>A table row, with the CPU per probe as a multiple of the floor's and fping's where those ran.</summary>
    public string Row(Figures? floor, Figures? fping) => string.Create(CultureInfo.InvariantCulture,
        $"| {Targets} | {Tool} | {ProbesPerSecond:0} | {CpuPerSecond:0.000} | {MicrosecondsPerProbe:0.0} | {Multiple(floor)} | {Multiple(fping)} | {PeakRssMiB:0.0} | {Lost} |");

    /// <summary>
    /// The row of one tool over several turns: the median of each figure, and of each turn's own multiples of the
    /// floor and fping (a turn's tools share that turn's conditions); the most lost in any turn.
    /// </summary>
    public static string MedianRow(string tool, IEnumerable<(Figures? Tool, Figures? Floor, Figures? Fping)> turns)
    {
        var measured = turns.Where(t => t.Tool is not null).ToList();
        if (measured.Count == 0)
        {
            return $"| | {tool} | not measured | | | | | | |";
        }

        Figures any = measured[0].Tool!;
        string Of(Func<Figures, double> figure, string format) => Median(measured.Select(t => figure(t.Tool!))).ToString(format, CultureInfo.InvariantCulture);
        string Times(Func<(Figures? Tool, Figures? Floor, Figures? Fping), Figures?> other)
        {
            var ratios = measured.Where(t => other(t) is not null).Select(t => t.Tool!.MicrosecondsPerProbe / other(t)!.MicrosecondsPerProbe).ToList();
            return ratios.Count == 0 ? "" : Median(ratios).ToString("0.00", CultureInfo.InvariantCulture);
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"| {any.Targets} | {tool}, median of {measured.Count} | {Of(f => f.ProbesPerSecond, "0")} | {Of(f => f.CpuPerSecond, "0.000")} | {Of(f => f.MicrosecondsPerProbe, "0.0")} | {Times(t => t.Floor)} | {Times(t => t.Fping)} | {Of(f => f.PeakRssMiB, "0.0")} | {measured.Max(t => t.Tool!.Lost)} |");
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private string Multiple(Figures? other) =>
        other is null ? "" : (MicrosecondsPerProbe / other.MicrosecondsPerProbe).ToString("0.00", CultureInfo.InvariantCulture);
}
