using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Cli;

/// <summary>
/// Issue 12: the first probe of a run measured the start-up work too (1.45 ms for a loopback echo against 0.03 ms
/// after, a first handshake 7.65 ms against 0.3 ms), which skewed AVG and jitter for long. A fresh process, so that
/// nothing is warm but what deadman warms itself; loopback only.
/// </summary>
public sealed class FirstProbeTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-first-").FullName;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    [Fact]
    public void Should_measure_the_first_rtt_in_the_band_of_the_rest_When_a_run_starts()
    {
        // Given: an echo over IPv4 and IPv6 and a handshake with a listener (the kernel completes it from the backlog)
        _listener.Start(100);
        int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        string config = Path.Combine(_directory, "first.conf");
        File.WriteAllText(config, $"v4 127.0.0.1\nv6 ::1\nweb 127.0.0.1 tcp=dstport:{port}\n");

        // When: a run, and a second one only if the first had a slow first probe: on a busy machine (CI's other work)
        // any one sample now and then takes milliseconds, the first too (3.6 ms once, with a later one at 2.1), while
        // a first probe that pays for start-up work is slow in every run
        List<string> first = FirstProbesOutOfBand(config, "run1");
        List<string> second = first.Count == 0 ? [] : FirstProbesOutOfBand(config, "run2");

        // Then: in one of the runs, every first RTT is within the band of the others
        Assert.True(first.Count == 0 || second.Count == 0, string.Join("; ", first.Concat(second)));
    }

    // At most four times the median of the rest, plus half a millisecond for a busy machine (before the warm-up:
    // 1.45 ms against a median of 0.03 ms, and 7.65 against 0.28).
    private List<string> FirstProbesOutOfBand(string config, string run)
    {
        string logs = Path.Combine(_directory, run);
        Shell.RunChecked([s_deadman, "--count", "10", "-i", "200ms", "-l", logs, config], check: true);
        var slow = new List<string>();
        foreach (string host in new[] { "v4", "v6", "web" })
        {
            double[] rtts = [.. File.ReadAllLines(Path.Combine(logs, host)).Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture))];
            Assert.Equal(10, rtts.Length);
            double median = rtts.Skip(1).Order().ElementAt(4);
            if (rtts[0] > (4 * median) + 0.5)
            {
                slow.Add($"{run} {host}: first {rtts[0]} ms, then {string.Join(' ', rtts.Skip(1))}");
            }
        }

        return slow;
    }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
