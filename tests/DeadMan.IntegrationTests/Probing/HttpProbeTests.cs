using System.Text.Json;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Probing;

/// <summary>
/// Issue 33: url= probes against a real web server (Kestrel, listening in the two-host lab's target namespace) with
/// certificates the test makes, through the built binary's <c>--count --json</c> in the client namespace: what each
/// page and certificate makes of a row, and which protocol and how many connections the server saw.
/// </summary>
public sealed class HttpProbeTests : IAsyncLifetime, IDisposable
{
    private const string Url = "https://" + TestWebSite.Name;
    private const string Server = TwoHosts.TargetAddress;

    private readonly TwoHosts _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-http-").FullName;
    private TestWebSite _site = null!;

    public async Task InitializeAsync() => _site = await TestWebSite.StartAsync(_directory, _hosts.Target, System.Net.IPAddress.Parse(Server));

    [Fact]
    public void Should_be_up_over_http2_with_the_certificate_read_When_the_page_answers_with_a_trusted_certificate()
    {
        // When: fetched through the row's address, trusting the test's CA, on a new connection each round
        var targets = Deadman($"""
            portal   {Server}  url={Url}:{_site.Https["valid"]}/health tls-ca={_site.CaFile} http-expect="status: ok"
            """);

        // Then: up, the certificate read, each of the rounds on a connection of its own, HTTP/2 chosen by ALPN
        JsonElement portal = targets["portal"];
        Assert.True(portal.GetProperty("state").GetString() == "up", portal.ToString());
        Assert.Equal(("ok", "http"), (portal.GetProperty("last_outcome").GetString(), portal.GetProperty("kind").GetString()));
        Assert.Equal(TestWebSite.Name, portal.GetProperty("tls_cert_subject").GetString());
        Assert.Equal("DeadMan Test CA", portal.GetProperty("tls_cert_issuer").GetString());
        Assert.InRange(portal.GetProperty("tls_cert_not_after").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromDays(89), TimeSpan.FromDays(90));
        Assert.Equal(JsonValueKind.Null, portal.GetProperty("tls_cert_problem").ValueKind);
        var served = Served(_site.Https["valid"]);
        Assert.Equal(3, served.Count);
        Assert.All(served, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(3, served.Select(r => r.Connection).Distinct().Count());
    }

    [Fact]
    public void Should_keep_one_connection_and_speak_the_version_asked_for_When_reuse_and_version_are_set()
    {
        // When: rounds far enough apart that the first connection is made before the second round
        var targets = Deadman($"""
            reused   {Server}  url={Url}:{_site.Https["valid"]}/health tls-ca={_site.CaFile} http-reuse=on http-version=1.1
            h2c      {Server}  url=http://{TestWebSite.Name}:{_site.H2c}/health http-version=2
            not-h2   {Server}  url=http://{TestWebSite.Name}:{_site.Http}/health http-version=2
            """, interval: "1s");

        // Then: three requests on one HTTP/1.1 connection; HTTP/2 in clear where the server speaks it, named where not
        Assert.Equal("up", targets["reused"].GetProperty("state").GetString());
        var reused = Served(_site.Https["valid"]);
        Assert.Equal(3, reused.Count);
        Assert.All(reused, r => Assert.Equal("HTTP/1.1", r.Protocol));
        // One connection for all when each round waits for the last; a first handshake slow enough to overlap the
        // next round opens a second, but no more are made after that.
        Assert.InRange(reused.Select(r => r.Connection).Distinct().Count(), 1, 2);
        Assert.Equal("up", targets["h2c"].GetProperty("state").GetString());
        Assert.All(Served(_site.H2c), r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(("down", "wrong-answer"), State(targets["not-h2"]));
        Assert.StartsWith("HTTP/2 not spoken here", Note(targets["not-h2"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_certificate_problem_When_a_certificate_is_expired_for_another_name_or_untrusted()
    {
        // When
        var targets = Deadman($"""
            expiring     {Server}  url={Url}:{_site.Https["expiring"]}/health tls-ca={_site.CaFile}
            expired      {Server}  url={Url}:{_site.Https["expired"]}/health tls-ca={_site.CaFile}
            wrong-name   {Server}  url={Url}:{_site.Https["wrong-name"]}/health tls-ca={_site.CaFile}
            self-signed  {Server}  url={Url}:{_site.Https["self-signed"]}/health tls-ca={_site.CaFile}
            unknown-ca   {Server}  url={Url}:{_site.Https["valid"]}/health
            unchecked    {Server}  url={Url}:{_site.Https["self-signed"]}/health tls-verify=off
            old-unchecked {Server} url={Url}:{_site.Https["expired"]}/health tls-verify=off
            """);

        // Then: 3 days left is degraded (cert_warn 14d by default); the rest down, each saying why, unless unchecked
        JsonElement expiring = targets["expiring"];
        Assert.True(expiring.GetProperty("state").GetString() == "degraded", expiring.ToString());
        Assert.Matches("^certificate expires in 2d2[0-3]h$", Reason(expiring));
        Assert.Equal(("down", "wrong-answer"), State(targets["expired"]));
        Assert.Matches(@"^certificate expired \d{4}-\d\d-\d\d \d\d:\d\d UTC$", Note(targets["expired"]));
        Assert.Equal("certificate is for other.example.org, not register.example.org", Note(targets["wrong-name"]));
        Assert.Equal("untrusted certificate: self-signed", Note(targets["self-signed"]));
        Assert.Equal("untrusted certificate: issuer DeadMan Test CA is not trusted here", Note(targets["unknown-ca"]));
        Assert.Equal("certificate expired", targets["expired"].GetProperty("tls_cert_problem").GetString()![..19]);
        Assert.Equal("up", targets["unchecked"].GetProperty("state").GetString());
        Assert.False(targets["unchecked"].GetProperty("tls_cert_checked").GetBoolean());
        Assert.Equal("degraded", targets["old-unchecked"].GetProperty("state").GetString());
        Assert.Matches("^certificate expired 2d(00h)? ago$", Reason(targets["old-unchecked"]));
    }

    [Fact]
    public void Should_judge_status_body_and_redirects_When_pages_answer_otherwise()
    {
        // Given: the server's host drops every SYN to one port (a firewall in the way)
        Shell.RunChecked(["ip", "netns", "exec", _hosts.Target, "nft", $"add table inet dmt; add chain inet dmt in {{ type filter hook input priority 0; }}; add rule inet dmt in tcp dport {SilentPort} drop"]);

        // When
        string http = $"http://{TestWebSite.Name}:{_site.Http}";
        var targets = Deadman($"""
            unavailable   {Server}  url={http}/down
            maintenance   {Server}  url={http}/down http-status=503
            lacks-text    {Server}  url={http}/health http-expect=welcome
            stalls        {Server}  url={http}/stall
            moved         {Server}  url={http}/moved
            moved-strict  {Server}  url={http}/moved http-status=200
            followed      {Server}  url={http}/moved http-status=200 http-follow=on http-expect="status: ok"
            closed        {Server}  url=http://{TestWebSite.Name}:{ClosedPort()}/
            silent        {Server}  url=http://{TestWebSite.Name}:{SilentPort}/
            """);

        // Then
        Assert.Equal(("down", "wrong-answer"), State(targets["unavailable"]));
        Assert.Equal("HTTP 503 Service Unavailable, not 200-399", Note(targets["unavailable"]));
        Assert.Equal("up", targets["maintenance"].GetProperty("state").GetString());
        Assert.Equal("body lacks 'welcome' (36 B)", Note(targets["lacks-text"]));
        Assert.Equal(("down", "timeout"), State(targets["stalls"]));
        Assert.Matches(@"^HTTP 200 OK in \d+ ms, then the body stalled after 19 B$", Note(targets["stalls"]));
        Assert.Equal("up", targets["moved"].GetProperty("state").GetString());
        Assert.Equal("HTTP 302 Found, not 200", Note(targets["moved-strict"]));
        Assert.Equal("up", targets["followed"].GetProperty("state").GetString());
        Assert.Equal(("down", "wrong-answer"), State(targets["closed"]));
        Assert.Equal($"connection refused: nothing listens on port {ClosedPort()}", Note(targets["closed"]));
        Assert.Equal(("down", "timeout", "no response in 1s"), (targets["silent"].GetProperty("state").GetString(), targets["silent"].GetProperty("last_outcome").GetString(), Note(targets["silent"])));
    }

    // Nothing listens in the target namespace but the site's own ports (all ephemeral).
    private static int ClosedPort() => 81;

    private const int SilentPort = 82;

    private List<(int Port, string Path, string Protocol, string Connection)> Served(int port) => [.. _site.Requests.Where(r => r.Port == port)];

    private static (string?, string?) State(JsonElement target) => (target.GetProperty("state").GetString(), target.GetProperty("last_outcome").GetString());

    private static string Note(JsonElement target) => target.GetProperty("note").GetString() ?? "";

    private static string Reason(JsonElement target) => string.Join(", ", target.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

    private Dictionary<string, JsonElement> Deadman(string config, string interval = "300ms")
    {
        string path = Path.Combine(_directory, "web.conf");
        File.WriteAllText(path, config + "\n");
        return DeadmanReport.Targets(_hosts.Client, path, ["--count", "3", "-i", interval, "-t", "1s"]);
    }

    // The server first (xunit disposes asynchronously first), then the namespaces it listened in.
    public async Task DisposeAsync() => await _site.DisposeAsync();

    public void Dispose()
    {
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
