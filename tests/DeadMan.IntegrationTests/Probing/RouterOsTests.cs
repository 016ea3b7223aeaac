using System.Text.Json;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Probing;

/// <summary>
/// <c>via=routeros_api</c> against <see cref="RouterOsRestStub"/>, a stub of RouterOS's REST API on loopback (there
/// is no RouterOS here): certificate checks, credentials, replies and timeouts as the router reports them.
/// </summary>
public sealed class RouterOsTests : IAsyncLifetime, IDisposable
{
    private const string Password = "s3cret#pass";
    private static readonly string s_deadman = DeadmanBinary.Path;
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-ros-").FullName;
    private RouterOsRestStub _router = null!;

    public async Task InitializeAsync() => _router = await RouterOsRestStub.StartAsync("noc", Password, "127.0.0.1");

    [Fact]
    public void Should_report_the_routers_pings_and_refuse_an_untrusted_certificate_unless_told_When_polling_the_rest_api()
    {
        // Given
        string https = $"relay=127.0.0.1:{_router.HttpsPort} username=noc password={Password}";
        string config = Write($"""
            alive        127.0.0.1   via=routeros_api {https} verify=false
            dead         127.0.0.9   via=routeros_api {https} verify=false
            checked      127.0.0.1   via=routeros_api {https}
            plain-http   127.0.0.1   via=routeros_api relay=127.0.0.1:{_router.HttpPort} username=noc password={Password} method=http
            wrong-pass   127.0.0.1   via=routeros_api relay=127.0.0.1:{_router.HttpsPort} username=noc password=nope verify=false

            """);

        // When
        var (_, output, error) = Shell.RunChecked([s_deadman, "--count", "4", "-i", "250ms", "--json", config], limit: TimeSpan.FromSeconds(60));

        // Then
        var targets = JsonDocument.Parse(output.Length > 0 ? output : throw new InvalidOperationException(error)).RootElement
                                  .GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("up", targets["alive"].GetProperty("state").GetString());
        Assert.Equal(1.049, targets["alive"].GetProperty("rtt_avg_ms").GetDouble(), 3);
        Assert.Equal(61, targets["alive"].GetProperty("ttl").GetInt32());
        Assert.Equal("down", targets["dead"].GetProperty("state").GetString());
        Assert.Equal("timeout", targets["dead"].GetProperty("last_outcome").GetString());
        Assert.Equal("relay-failed", targets["checked"].GetProperty("last_outcome").GetString());
        Assert.Equal("relay 127.0.0.1:" + _router.HttpsPort + ": TLS certificate not trusted (verify=false on the line skips the check)",
                     targets["checked"].GetProperty("note").GetString());
        Assert.Equal("up", targets["plain-http"].GetProperty("state").GetString());
        Assert.Contains("authentication failed (401)", targets["wrong-pass"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.9", _router.Asked);
    }

    [Fact]
    public void Should_mask_the_password_When_checking_or_logging()
    {
        string config = Write($"r 127.0.0.1 via=routeros_api relay=127.0.0.1:{_router.HttpsPort} username=noc password={Password} verify=false\n");
        string logs = Path.Combine(_directory, "logs");

        var (_, check, _) = Shell.RunChecked([s_deadman, "--check", "--json", config]);
        var (_, text, _) = Shell.RunChecked([s_deadman, "--check", config]);
        var (_, report, _) = Shell.RunChecked([s_deadman, "--count", "2", "-i", "250ms", "-l", logs, config]);

        Assert.Contains("\"password\":\"********\"", check, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, check + text + report, StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(logs), f => Assert.DoesNotContain(Password, File.ReadAllText(f), StringComparison.Ordinal));
    }

    private string Write(string text)
    {
        string path = Path.Combine(_directory, "ros.conf");
        File.WriteAllText(path, text);
        return path;
    }

    public async Task DisposeAsync() => await _router.DisposeAsync();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
