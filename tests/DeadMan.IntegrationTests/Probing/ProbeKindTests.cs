using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DeadMan.Core.Platform;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Probing;

/// <summary>
/// TCP, source binding and namespace probes, through the built binary's <c>--count --json</c>: listeners and closed
/// ports on loopback, and namespaces this test makes, where what a probe did can be told from the far side.
/// </summary>
public sealed class ProbeKindTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-probes-").FullName;
    private readonly NetnsLab _lab = new();

    [Fact]
    public void Should_tell_open_from_refused_and_count_both_as_alive_When_probing_tcp_ports_on_loopback()
    {
        // Given: a listener, and a port that was free a moment ago (nothing listens: the kernel answers RST)
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int open = ((IPEndPoint)listener.LocalEndpoint).Port;
        int closed = FreePort();

        // When
        var targets = Deadman(null, $"web 127.0.0.1 tcp=dstport:{open}\nshut 127.0.0.1 tcp=dstport:{closed}\nweb6 ::1 tcp=dstport:{closed}\n");

        // Then
        Assert.Equal("up", targets["web"].GetProperty("state").GetString());
        Assert.Equal("ok", targets["web"].GetProperty("last_outcome").GetString());
        Assert.Equal("tcp", targets["web"].GetProperty("kind").GetString());
        Assert.True(targets["web"].GetProperty("rtt_avg_ms").GetDouble() > 0);
        Assert.Equal("up", targets["shut"].GetProperty("state").GetString());
        Assert.Equal("refused", targets["shut"].GetProperty("last_outcome").GetString());
        Assert.Equal(0, targets["shut"].GetProperty("loss_pct").GetDouble());
        Assert.Equal("refused", targets["web6"].GetProperty("last_outcome").GetString());
    }

    [Fact]
    public void Should_count_a_loss_When_the_syn_is_dropped()
    {
        // Given: the server's firewall drops SYNs to port 9 silently
        (string client, string server, _) = Pair();
        _lab.Exec(server, "nft", "add table inet dm; add chain inet dm in { type filter hook input priority 0; }; add rule inet dm in tcp dport 9 drop");

        // When
        var targets = Deadman(client, "dropped 198.18.0.2 tcp=dstport:9\n", "-t", "300ms");

        // Then
        Assert.Equal("down", targets["dropped"].GetProperty("state").GetString());
        Assert.Equal(100, targets["dropped"].GetProperty("loss_pct").GetDouble());
        Assert.Equal("timeout", targets["dropped"].GetProperty("last_outcome").GetString());
    }

    [Fact]
    public async Task Should_leave_from_the_source_address_When_tcp_and_icmp_probes_name_one()
    {
        // Given: the client has a second address; the server drops echo requests from the first, and records who
        // connects to its listener
        (string client, string server, string clientLink) = Pair();
        _lab.Exec(client, "ip", "addr", "add", "198.18.0.11/24", "dev", clientLink);
        _lab.Exec(server, "nft", "add table inet dm; add chain inet dm in { type filter hook input priority 0; }; add rule inet dm in ip saddr 198.18.0.1 icmp type echo-request drop");
        TcpListener listener = NetworkNamespace.Run(server, () =>
        {
            var l = new TcpListener(IPAddress.Any, 0);
            l.Start();
            return l;
        });
        using var stop = new CancellationTokenSource();
        var peers = new List<IPAddress>();
        Task accepting = AcceptAllAsync(listener, peers, stop.Token);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // When
        var targets = Deadman(client, $"""
            plain       198.18.0.2
            from-11     198.18.0.2   source=198.18.0.11
            tcp-from-11 198.18.0.2   tcp=dstport:{port} source=198.18.0.11
            wrong-family 198.18.0.2  source=fdde:ad::1
            """);
        stop.Cancel();
        listener.Stop();
        await accepting.WaitAsync(TimeSpan.FromSeconds(5));

        // Then
        Assert.Equal("down", targets["plain"].GetProperty("state").GetString());
        Assert.Equal("up", targets["from-11"].GetProperty("state").GetString());
        Assert.Equal("up", targets["tcp-from-11"].GetProperty("state").GetString());
        Assert.NotEmpty(peers);
        Assert.All(peers, p => Assert.Equal(IPAddress.Parse("198.18.0.11"), p));
        Assert.Contains("source fdde:ad::1 is IPv6, the target is IPv4", targets["wrong-family"].GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_through_the_named_interface_When_source_is_an_interface()
    {
        // Given: the client reaches 198.18.9.9 by its main route through server A, where nothing has that address,
        // and by a worse route through server B, which has it
        (string client, string toA, string toB) = TwoWaysToFarHost();
        _lab.Exec(client, "ip", "route", "add", "198.18.9.0/24", "via", "198.18.0.2", "dev", toA, "metric", "10");
        _lab.Exec(client, "ip", "route", "add", "198.18.9.0/24", "via", "198.18.1.2", "dev", toB, "metric", "20");

        // When
        var targets = Deadman(client, $"routed 198.18.9.9\nbound 198.18.9.9 source={toB}\nbound-tcp 198.18.9.9 tcp=dstport:9 source={toB}\nnowhere 198.18.9.9 source=dmt-none0\n");

        // Then
        Assert.Equal("down", targets["routed"].GetProperty("state").GetString());
        Assert.Equal("up", targets["bound"].GetProperty("state").GetString());
        Assert.Equal("refused", targets["bound-tcp"].GetProperty("last_outcome").GetString());
        Assert.Contains("no interface named dmt-none0", targets["nowhere"].GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_route_by_the_vrf_When_via_vrf_names_its_device()
    {
        // Given: the client reaches 198.18.9.9 by its main table through server A (which lacks that address); server B,
        // which has it, is reachable only through the VRF "blue" (table 10), where eth-to-B is enslaved. This
        // kernel may lack the VRF driver (CONFIG_NET_VRF): then the device is a plain interface, which tests the same
        // binding (SO_BINDTODEVICE) deadman does for a VRF, without the VRF's own table.
        (string client, string toA, string toB) = TwoWaysToFarHost();
        _lab.Exec(client, "ip", "route", "add", "198.18.9.0/24", "via", "198.18.0.2", "dev", toA);
        bool realVrf = Shell.RunChecked(["ip", "-n", client, "link", "add", "blue", "type", "vrf", "table", "10"]).Exit == 0;
        string device = toB;
        if (realVrf)
        {
            _lab.Exec(client, "ip", "link", "set", "blue", "up");
            _lab.Exec(client, "ip", "link", "set", toB, "master", "blue");
            _lab.Exec(client, "ip", "route", "add", "198.18.9.0/24", "via", "198.18.1.2", "dev", toB, "table", "10");
            device = "blue";
        }
        else
        {
            _lab.Exec(client, "ip", "route", "add", "198.18.9.0/24", "via", "198.18.1.2", "dev", toB, "metric", "20");
        }

        // When
        var targets = Deadman(client, $"main 198.18.9.9\nin-vrf 198.18.9.9 via=vrf relay={device}\n");

        // Then
        Assert.Equal("down", targets["main"].GetProperty("state").GetString());
        Assert.Equal("up", targets["in-vrf"].GetProperty("state").GetString());
    }

    [Fact]
    public void Should_probe_from_inside_the_namespace_When_via_netns_names_it_and_say_so_when_it_is_missing()
    {
        // Given: only the client namespace can reach 198.18.0.2; deadman runs outside it
        (string client, _, _) = Pair();

        // When
        var targets = Deadman(null, $"""
            inside      198.18.0.2   via=netns relay={client}
            inside-v6   fdde:ad::2   via=netns relay={client}
            outside     198.18.0.2
            missing     198.18.0.2   via=netns relay=dmt-no-such-namespace
            no-vrf      198.18.0.2   via=vrf relay=dmt-no-vrf
            """);

        // Then
        Assert.Equal("up", targets["inside"].GetProperty("state").GetString());
        Assert.Equal("up", targets["inside-v6"].GetProperty("state").GetString());
        Assert.NotEqual("up", targets["outside"].GetProperty("state").GetString());
        Assert.Equal("cannot probe: network namespace 'dmt-no-such-namespace' does not exist (ip netns list; reload once it does)",
                     targets["missing"].GetProperty("note").GetString());
        Assert.StartsWith("cannot probe: no VRF device 'dmt-no-vrf'", targets["no-vrf"].GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    // A client with two links: to server A (198.18.0.2), which lacks the far host's address 198.18.9.9, and to
    // server B (198.18.1.2), which has it. Routes are the test's to choose.
    private (string Client, string ToA, string ToB) TwoWaysToFarHost()
    {
        string client = _lab.AddNamespace("c");
        string a = _lab.AddNamespace("a");
        string b = _lab.AddNamespace("b");
        (string toA, _) = _lab.Link(client, "198.18.0.1/24", a, "198.18.0.2/24");
        (string toB, _) = _lab.Link(client, "198.18.1.1/24", b, "198.18.1.2/24");
        _lab.Exec(b, "ip", "addr", "add", "198.18.9.9/32", "dev", "lo");
        return (client, toA, toB);
    }

    private (string Client, string Server, string ClientLink) Pair()
    {
        string client = _lab.AddNamespace("c");
        string server = _lab.AddNamespace("s");
        (string link, _) = _lab.Link(client, "198.18.0.1/24", server, "198.18.0.2/24", "fdde:ad::1/64", "fdde:ad::2/64");
        return (client, server, link);
    }

    private static async Task AcceptAllAsync(TcpListener listener, List<IPAddress> peers, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using TcpClient peer = await listener.AcceptTcpClientAsync(cancellationToken);
                lock (peers)
                {
                    peers.Add(((IPEndPoint)peer.Client.RemoteEndPoint!).Address);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // Five rounds, 200 ms apart; inside ns when given, else in the test's own namespace.
    private Dictionary<string, JsonElement> Deadman(string? ns, string config, params string[] extra)
    {
        string path = Path.Combine(_directory, "probes.conf");
        File.WriteAllText(path, config);
        return DeadmanReport.Targets(ns, path, ["--count", "5", "-i", "200ms", .. extra]);
    }

    public void Dispose()
    {
        _lab.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
