using System.Diagnostics;
using System.Globalization;

namespace DeadMan.Benchmarks;

/// <summary>
/// What a dns= probe costs beside an ICMP echo (issue 33: at most three times as much CPU): in a network namespace
/// made for the run, Debian's dnsmasq answers on its loopback, and the native deadman inside it asks that many rows of
/// dns= questions, then pings that many rows, each as the engine verb measures (CPU over a window after warm-up, 1
/// probe a row a second). Needs root and dnsmasq; sends only inside the namespace, which is deleted after.
/// </summary>
internal static class DnsCostRun
{
    public static async Task<string> MeasureAsync(string binary, int hosts, TimeSpan warmUp, TimeSpan measured, int runs)
    {
        if (!File.Exists(binary))
        {
            return $"no native build at {binary}: scripts/publish";
        }

        if (!File.Exists("/usr/sbin/dnsmasq"))
        {
            return "dnsmasq is not installed: apt-get install dnsmasq-base";
        }

        await using var lab = new BenchNamespace("dmbench-dns");
        string directory = lab.Directory;
        lab.Start("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            "--bind-interfaces", "--listen-address=127.0.0.1", "--port=53", "--user=root", $"--pid-file={Path.Combine(directory, "pid")}",
            "--host-record=www.example.org,198.51.100.7");
        string dns = Path.Combine(directory, "dns.conf");
        string icmp = Path.Combine(directory, "icmp.conf");
        File.WriteAllLines(dns, Enumerable.Range(0, hosts).Select(i => $"d{i} 127.0.0.1 dns=www.example.org dns-expect=198.51.100.7"));
        File.WriteAllLines(icmp, Enumerable.Range(0, hosts).Select(i => $"i{i} 127.0.0.1"));
        string[] inside = ["ip", "netns", "exec", lab.Name, binary];

        var lines = new List<string> { Figures.Header };
        var ratios = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            Figures echo = await DeadmanRun.MeasureAsync("deadman (native), ICMP", inside, icmp, hosts, warmUp, measured);
            Figures question = await DeadmanRun.MeasureAsync("deadman (native), dns=", inside, dns, hosts, warmUp, measured);
            lines.Add(echo.Row(null, null));
            lines.Add(question.Row(null, null));
            ratios.Add(question.MicrosecondsPerProbe / echo.MicrosecondsPerProbe);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {hosts} | dns= / ICMP, CPU a probe | | | {ratios[^1]:0.00}x | | | | |"));
        }

        ratios.Sort();
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"median of {runs}: a dns= probe costs {ratios[ratios.Count / 2]:0.00}x an ICMP probe's CPU (dnsmasq's own CPU not counted)"));
        return string.Join('\n', lines);
    }
}
