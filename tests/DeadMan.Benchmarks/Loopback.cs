namespace DeadMan.Benchmarks;

/// <summary>Benchmark targets: distinct addresses in 127.0.0.0/8, all local, so every one answers and any loss is the tool's.</summary>
internal static class Loopback
{
    public static List<string> Addresses(int count) =>
        Enumerable.Range(0, count).Select(i => $"127.{10 + (i / (256 * 254))}.{i / 254 % 256}.{(i % 254) + 1}").ToList();

    /// <summary>A deadman.conf of that many hosts, in a temporary file the caller deletes.</summary>
    public static string HostList(int count)
    {
        string path = Path.GetTempFileName();
        File.WriteAllLines(path, Addresses(count).Select((a, i) => $"t{i} {a}"));
        return path;
    }
}
