using System.Globalization;
using System.Text.RegularExpressions;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// Network namespaces and veth links for one test, named <c>dmt-PID-N-ROLE</c> so they never collide with anything
/// else, and all deleted on dispose, even when the test failed. Namespaces left by a test run that was killed are
/// swept the next time a lab is made (their PID no longer runs). Traffic stays inside these namespaces.
/// </summary>
public sealed partial class NetnsLab : IDisposable
{
    private static int s_labs;
    private readonly List<string> _namespaces = [];
    private readonly string _prefix;
    private readonly int _id;
    private int _links;

    public NetnsLab()
    {
        SweepStale();
        _id = Interlocked.Increment(ref s_labs);
        _prefix = string.Create(CultureInfo.InvariantCulture, $"dmt-{Environment.ProcessId}-{_id}");
    }

    public string AddNamespace(string role)
    {
        string name = $"{_prefix}-{role}";
        Shell.Run("ip", "netns", "add", name);
        _namespaces.Add(name);
        Shell.Run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /// <summary>Links two namespaces with a veth pair; returns the interface names (a side, b side).</summary>
    public (string A, string B) Link(string nsA, string addressA, string nsB, string addressB, string? ipv6A = null, string? ipv6B = null)
    {
        int link = ++_links;
        // Interface names are at most 15 characters; the PID keeps concurrent test runs apart while they exist.
        string a = string.Create(CultureInfo.InvariantCulture, $"d{Environment.ProcessId % 100000}{_id}{link}a");
        string b = a[..^1] + "b";
        Shell.Run("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB);
        Configure(nsA, a, addressA, ipv6A);
        Configure(nsB, b, addressB, ipv6B);
        return (a, b);
    }

    /// <summary>
    /// Pings <paramref name="address"/> from <paramref name="ns"/> until it answers: a fresh veth drops the first
    /// IPv6 packets while the link settles (a second, measured, through a router); tests measure the engine, not that.
    /// </summary>
    public void WaitUntilReachable(string ns, string address)
    {
        string said = "";
        for (int attempt = 0; attempt < 10; attempt++)
        {
            (int exit, string output, string error) = Shell.RunChecked(["ip", "netns", "exec", Owned(ns), "ping", "-n", "-c", "1", "-W", "1", address]);
            if (exit == 0)
            {
                return;
            }

            said = (error + output).Trim();
        }

        // What ping said names the cause, "ping" missing included (scripts/install-deps installs iputils-ping).
        throw new InvalidOperationException($"{address} did not become reachable from {ns}; ping said: {said}");
    }

    public string Exec(string ns, params string[] argv) => Shell.Run(["ip", "netns", "exec", Owned(ns), .. argv]);

    public void Sysctl(string ns, string setting) => Exec(ns, "sysctl", "-q", "-w", setting);

    public void SetLink(string ns, string device, bool up) => Shell.Run("ip", "-n", Owned(ns), "link", "set", device, up ? "up" : "down");

    // A lab only ever touches the namespaces it made.
    private string Owned(string ns) =>
        _namespaces.Contains(ns) ? ns : throw new ArgumentException($"{ns} does not belong to this lab", nameof(ns));

    private static void Configure(string ns, string device, string address, string? ipv6)
    {
        Shell.Run("ip", "-n", ns, "addr", "add", address, "dev", device);
        if (ipv6 is not null)
        {
            Shell.Run("ip", "-n", ns, "addr", "add", ipv6, "dev", device, "nodad");
        }

        Shell.Run("ip", "-n", ns, "link", "set", device, "up");
    }

    private static void SweepStale()
    {
        foreach (Match match in StaleName().Matches(Shell.Run("ip", "netns", "list")))
        {
            if (!Directory.Exists($"/proc/{match.Groups["pid"].Value}"))
            {
                Shell.RunChecked(["ip", "netns", "del", match.Groups["name"].Value]);
            }
        }
    }

    public void Dispose()
    {
        foreach (string ns in _namespaces)
        {
            // Deleting a namespace deletes its veth ends too.
            Shell.RunChecked(["ip", "netns", "del", ns]);
        }
    }

    [GeneratedRegex(@"^(?<name>dmt-(?<pid>\d+)-\S+)", RegexOptions.Multiline)]
    private static partial Regex StaleName();
}
