using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DeadMan.Core.Platform;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Probing;

/// <summary>
/// Issue 33: dns= probes against a real server, Debian's dnsmasq, serving names of the test's own in a namespace
/// (no route out: nothing it is asked can reach another resolver), through the built binary's <c>--count --json</c>.
/// </summary>
public sealed class DnsProbeTests : IDisposable
{
    private const string Server = TwoHosts.TargetAddress;
    private const string ServerV6 = TwoHosts.TargetAddressV6;
    private const string Failing = "198.18.0.3";

    private readonly TwoHosts _hosts = new();
    private readonly NamespaceProcesses _processes = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-dns-").FullName;

    // Ten TXT strings of 100 characters: over the 512 bytes the server allows a UDP answer, so it comes truncated.
    private static readonly string[] s_long = [.. Enumerable.Range(0, 10).Select(i => $"part{i}-" + new string((char)('a' + i), 93))];

    private Process StartDnsmasq()
    {
        string[] records =
        [
            "--host-record=www.example.org,198.51.100.7,2001:db8::80",
            "--cname=alias.example.org,www.example.org",
            "--mx-host=example.org,mx1.example.org,10",
            "--txt-record=txt.example.org,v=hello",
            "--address=/ipv4only.example.org/64:ff9b::c000:aa",
            $"--txt-record=big.example.org,{string.Join(",", s_long)}",
            // Everything else under example.org does not exist; other names have no server to go to: REFUSED.
            "--local=/example.org/",
        ];
        Process dnsmasq = _processes.Start(_hosts.Target, ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
            "--no-poll", "--bind-interfaces", $"--listen-address={Server}", $"--listen-address={ServerV6}", "--port=53", "--user=root",
            "--edns-packet-max=512", $"--pid-file={Path.Combine(_directory, "dnsmasq.pid")}", .. records]);
        Assert.True(SpinWait.SpinUntil(() => Shell.RunChecked(["ip", "netns", "exec", _hosts.Target, "ss", "-Hlun", "sport", "= :53"]).Output.Contains(Server, StringComparison.Ordinal),
                                       TimeSpan.FromSeconds(10)), "dnsmasq did not start listening");
        return dnsmasq;
    }

    [Fact]
    public void Should_answer_name_and_check_each_kind_of_record_When_asking_a_server_of_our_own()
    {
        // Given: a server that knows www, an alias, a mail exchanger, a TXT record and a DNS64-style AAAA answer
        StartDnsmasq();

        // When
        var targets = Deadman($"""
            www       {Server}    dns=www.example.org dns-expect=198.51.100.7
            www-v6    {ServerV6}  dns=www.example.org dns-type=AAAA dns-expect=2001:db8::80
            alias     {Server}    dns=alias.example.org dns-type=CNAME dns-expect=www.example.org
            mx        {Server}    dns=example.org dns-type=MX dns-expect=mx1.example.org
            txt       {Server}    dns=txt.example.org dns-type=TXT dns-expect=hello
            dns64     {Server}    dns=ipv4only.example.org dns-type=AAAA dns-expect=64:ff9b::/96
            over-tcp  {Server}    dns=www.example.org dns-tcp=on
            """);

        // Then: every one up, answered, with an RTT
        foreach ((string name, JsonElement t) in targets)
        {
            Assert.True(t.GetProperty("state").GetString() == "up", $"{name}: {t}");
            Assert.Equal("ok", t.GetProperty("last_outcome").GetString());
            Assert.Equal("dns", t.GetProperty("kind").GetString());
            Assert.True(t.GetProperty("rtt_avg_ms").GetDouble() > 0, name);
        }
    }

    [Fact]
    public void Should_name_what_went_wrong_When_the_answer_is_not_the_one_asked_for()
    {
        // Given: dnsmasq, and beside it a server that fails every question (dnsmasq cannot be made to say SERVFAIL
        // in good time: with its upstream gone it stays silent)
        StartDnsmasq();
        using UdpClient failing = ServfailStub();

        // When
        var targets = Deadman($"""
            nxdomain    {Server}  dns=nothing.example.org
            refused     {Server}  dns=www.example.net
            servfail    {Failing}  dns=www.example.org
            no-record   {Server}  dns=txt.example.org dns-type=MX
            unexpected  {Server}  dns=www.example.org dns-expect=198.51.100.8
            not-dns64   {Server}  dns=www.example.org dns-type=AAAA dns-expect=64:ff9b::/96
            """);

        // Then: each down, as a wrong answer, saying which
        Assert.All(targets.Values, t => Assert.Equal(("down", "wrong-answer"), (t.GetProperty("state").GetString(), t.GetProperty("last_outcome").GetString())));
        Assert.Equal("NXDOMAIN", Note(targets["nxdomain"]));
        Assert.Equal("REFUSED", Note(targets["refused"]));
        Assert.Equal("SERVFAIL", Note(targets["servfail"]));
        Assert.Equal("no MX record", Note(targets["no-record"]));
        Assert.Equal("unexpected answer: 198.51.100.7, not 198.51.100.8", Note(targets["unexpected"]));
        Assert.Equal("unexpected answer: 2001:db8::80, not 64:ff9b::/96", Note(targets["not-dns64"]));
    }

    [Fact]
    public void Should_ask_again_over_tcp_When_the_udp_answer_comes_truncated()
    {
        // Given: the server counts TCP connections to its port 53
        StartDnsmasq();
        Shell.Run("ip", "netns", "exec", _hosts.Target, "nft", "add table inet dm; add chain inet dm in { type filter hook input priority 0; }; add rule inet dm in tcp dport 53 tcp flags syn counter");

        // When: the whole TXT answer is larger than a UDP answer may be
        var targets = Deadman($"big {Server} dns=big.example.org dns-type=TXT dns-expect={s_long[^1][..20]}\n");

        // Then: answered whole, and over TCP
        Assert.Equal("up", targets["big"].GetProperty("state").GetString());
        string rules = Shell.RunChecked(["ip", "netns", "exec", _hosts.Target, "nft", "list", "chain", "inet", "dm", "in"]).Output;
        Assert.Matches(@"counter packets [1-9]", rules);
    }

    [Fact]
    public void Should_say_the_port_is_closed_over_tcp_and_no_reply_over_udp_When_the_server_is_stopped()
    {
        // Given: the server stopped (the host resets TCP connections to port 53; UDP questions get no answer that
        // reaches an unconnected socket), and a server whose queries are dropped
        Process dnsmasq = StartDnsmasq();
        dnsmasq.Kill();
        dnsmasq.WaitForExit();
        Shell.Run("ip", "netns", "exec", _hosts.Target, "nft", "add table inet dm; add chain inet dm in { type filter hook input priority 0; }; add rule inet dm in ip6 daddr fdde:ad::2 udp dport 53 drop");

        // When
        var targets = Deadman($"""
            stopped      {Server}    dns=www.example.org
            stopped-tcp  {Server}    dns=www.example.org dns-tcp=on
            silent       {ServerV6}  dns=www.example.org
            """, "-t", "300ms");

        // Then
        Assert.Equal(("down", "timeout"), (targets["stopped"].GetProperty("state").GetString(), targets["stopped"].GetProperty("last_outcome").GetString()));
        Assert.Equal(("down", "wrong-answer"), (targets["stopped-tcp"].GetProperty("state").GetString(), targets["stopped-tcp"].GetProperty("last_outcome").GetString()));
        Assert.Equal("no DNS server here (port 53 refused)", Note(targets["stopped-tcp"]));
        Assert.Equal(("down", "timeout"), (targets["silent"].GetProperty("state").GetString(), targets["silent"].GetProperty("last_outcome").GetString()));
    }

    // A stub on port 53 of a second address of the server's: every question answered with its own header and question,
    // flagged a response with RCODE 2 (SERVFAIL).
    private UdpClient ServfailStub()
    {
        Shell.Run("ip", "-n", _hosts.Target, "addr", "add", $"{Failing}/24", "dev", _hosts.TargetLink);
        UdpClient stub = NetworkNamespace.Run(_hosts.Target, () => new UdpClient(new IPEndPoint(IPAddress.Parse(Failing), 53)));
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    UdpReceiveResult question = await stub.ReceiveAsync();
                    byte[] answer = question.Buffer;
                    (answer[2], answer[3]) = ((byte)(0x80 | (answer[2] & 0x01)), 0x82);
                    await stub.SendAsync(answer, question.RemoteEndPoint);
                }
            }
            catch (ObjectDisposedException)
            {
                // The test is over.
            }
        });
        return stub;
    }

    private static string? Note(JsonElement target) => target.GetProperty("note").GetString();

    private Dictionary<string, JsonElement> Deadman(string config, params string[] extra)
    {
        string path = Path.Combine(_directory, "dns.conf");
        File.WriteAllText(path, config);
        return DeadmanReport.Targets(_hosts.Client, path, ["--count", "3", "-i", "200ms", .. extra]);
    }

    // dnsmasq first, then the namespaces it lives in.
    public void Dispose()
    {
        _processes.Dispose();
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
