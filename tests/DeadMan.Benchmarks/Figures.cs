using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>One measured run: steady-state CPU per wall second, peak memory, achieved probe rate, losses.</summary>
internal sealed record Figures(string Tool, int Targets, double Seconds, TimeSpan Cpu, double PeakRssMiB, long Probes, long Lost)
{
    public double CpuPerSecond => Cpu.TotalSeconds / Seconds;

    public double ProbesPerSecond => Probes / Seconds;

    public double MicrosecondsPerProbe => Probes == 0 ? double.NaN : Cpu.TotalMicroseconds / Probes;

    public static string Header => "| targets | tool | probes/s | CPU s/s | CPU µs/probe | × C floor | × fping | peak RSS MiB | lost |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>A table row, with the CPU per probe as a multiple of the floor's and fping's where those ran.</summary>
    public string Row(Figures? floor, Figures? fping) => string.Create(CultureInfo.InvariantCulture,
        $"| {Targets} | {Tool} | {ProbesPerSecond:0} | {CpuPerSecond:0.000} | {MicrosecondsPerProbe:0.0} | {Multiple(floor)} | {Multiple(fping)} | {PeakRssMiB:0.0} | {Lost} |");

    private string Multiple(Figures? other) =>
        other is null ? "" : (MicrosecondsPerProbe / other.MicrosecondsPerProbe).ToString("0.00", CultureInfo.InvariantCulture);
}
