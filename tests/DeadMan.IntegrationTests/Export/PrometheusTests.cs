using System.Diagnostics;
using System.Text.Json;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Export;

/// <summary>
/// A real Prometheus (Debian's) scraping deadman inside the client namespace, queried through its HTTP API: a host
/// whose link is pulled shows deadman_up 0. Both servers listen on the namespace's own loopback.
/// </summary>
public sealed class PrometheusTests : IDisposable
{
    private const int MetricsPort = 19100;
    private const int PrometheusPort = 19090;
    private static readonly string s_deadman = DeadmanBinary.Path;

    private readonly TwoHosts _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-prometheus-").FullName;
    private readonly NamespaceProcesses _processes = new();

    [Fact]
    public void Should_show_a_pulled_host_at_0_in_prometheus_When_it_scrapes_deadman()
    {
        // Given: deadman watching two hosts, and Prometheus scraping it every second
        string far = _hosts.Lab.AddNamespace("f");
        (_, string farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", far, "198.18.1.2/24");
        string config = Path.Combine(_directory, "lab.conf");
        File.WriteAllText(config, $"--- lab\nalive {TwoHosts.TargetAddress}\ncable 198.18.1.2\n");
        Start(s_deadman, "-i", "200ms", "-t", "300ms", "--metrics", $"127.0.0.1:{MetricsPort}", "--vantage", "noc", config);
        string prometheusConfig = Path.Combine(_directory, "prometheus.yml");
        File.WriteAllText(prometheusConfig, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: deadman
                static_configs:
                  - targets: ["127.0.0.1:{MetricsPort}"]
            """);
        Start("prometheus", $"--config.file={prometheusConfig}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
              $"--web.listen-address=127.0.0.1:{PrometheusPort}", "--log.level=warn");

        // When both hosts have been scraped as up
        WaitFor(() => Up("alive") == 1 && Up("cable") == 1, "both hosts up in Prometheus");

        // and the far host's cable is pulled
        _hosts.Lab.SetLink(far, farLink, up: false);

        // Then Prometheus has it at 0, and the other still at 1, each series labelled with deadman's vantage
        WaitFor(() => Up("cable") == 0, "the pulled host at 0");
        Assert.Equal(1, Up("alive"));
        Assert.Equal(0, Query("deadman_up{name=\"cable\",vantage=\"noc\"}"));
        Assert.Equal(0, Query("count(deadman_up{vantage!=\"noc\"}) or vector(0)"));
        Assert.True(Query("deadman_probes_sent_total{name=\"alive\"}") > 0);
    }

    private void Start(string program, params string[] arguments) => _processes.Start(_hosts.Client, [program, .. arguments]);

    private double? Up(string name) => Query($"deadman_up{{name=\"{name}\"}}");

    // The API is inside the namespace too: ask it with curl from there.
    private double? Query(string query)
    {
        var (exit, output, _) = Shell.RunChecked(["ip", "netns", "exec", _hosts.Client, "curl", "-s", "--max-time", "5", "-G",
            $"http://127.0.0.1:{PrometheusPort}/api/v1/query", "--data-urlencode", $"query={query}"]);
        if (exit != 0 || output.Length == 0)
        {
            return null;
        }

        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(40))
            {
                throw new TimeoutException($"Prometheus never showed {what}");
            }

            Thread.Sleep(500);
        }
    }

    public void Dispose()
    {
        _processes.Dispose();
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
