using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>One measured run: steady-state CPU per wall second, peak memory, achieved probe rate, losses.</summary>
internal sealed record Figures(string Tool, int Targets, double Seconds, TimeSpan Cpu, double PeakRssMiB, long Probes, long Lost)
{
    public double CpuPerSecond => Cpu.TotalSeconds / Seconds;

    public double ProbesPerSecond => Probes / Seconds;

    public double MicrosecondsPerProbe => Probes == 0 ? double.NaN : Cpu.TotalMicroseconds / Probes;

    public static string Header => "| targets | tool | probes/s | CPU s/s | CPU µs/probe | peak RSS MiB | lost |\n|---:|---|---:|---:|---:|---:|---:|";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Targets} | {Tool} | {ProbesPerSecond:0} | {CpuPerSecond:0.000} | {MicrosecondsPerProbe:0.0} | {PeakRssMiB:0.0} | {Lost} |");
}
