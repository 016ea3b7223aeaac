using System.Globalization;
using DeadMan.Benchmarks;

// Engine throughput against loopback: deadman's engine and fping on the same targets, 1 probe per target per second.
// Usage: dotnet run -c Release --project tests/DeadMan.Benchmarks -- [seconds per run, default 20] [target counts…]
// Needs root (raw ICMP) or ping sockets allowed; sends only to 127.0.0.0/8.
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
int[] counts = args.Length > 1 ? args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1000, 10000];
TimeSpan warmUp = TimeSpan.FromSeconds(3);
TimeSpan measured = TimeSpan.FromSeconds(seconds);

Console.WriteLine($"{Environment.ProcessorCount} CPUs, {measured.TotalSeconds:0} s measured after {warmUp.TotalSeconds:0} s warm-up, interval 1 s, timeout 1 s");
Console.WriteLine(Figures.Header);
foreach (int count in counts)
{
    // 127.0.0.0/8 is all local: every address answers, so any loss is the tool's.
    var addresses = Enumerable.Range(0, count).Select(i => $"127.{10 + (i / 65536)}.{i / 256 % 256}.{(i % 256) + 1}").ToList();
    Console.WriteLine(await EngineRun.MeasureAsync(addresses, warmUp, measured));
    Figures? fping = await FpingRun.MeasureAsync(addresses, warmUp, measured);
    Console.WriteLine(fping?.ToString() ?? $"| {count} | fping | not installed (apt-get install fping) | | | | |");
}
