using System.Diagnostics;
using System.Text.Json;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Web;

/// <summary>
/// deadman with <c>--web</c> inside the client namespace, read as a page would: a pulled link reaches an open
/// <c>/api/events</c> stream as the host down, with the event, and <c>/api/state</c> agrees.
/// </summary>
public sealed class WebViewTests : IDisposable
{
    private const int WebPort = 19180;
    private static readonly string s_deadman = DeadmanBinary.Path;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private readonly TwoHosts _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-web-").FullName;
    private readonly NamespaceProcesses _processes = new();

    [Fact]
    public void Should_push_a_pulled_host_down_to_an_open_stream_When_its_link_goes()
    {
        // Given: deadman watching two hosts, and a page's stream open on it
        string far = _hosts.Lab.AddNamespace("f");
        (_, string farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", far, "198.18.1.2/24");
        string config = Path.Combine(_directory, "lab.conf");
        File.WriteAllText(config, $"--- lab\nalive {TwoHosts.TargetAddress}\ncable 198.18.1.2\n");
        _processes.Start(_hosts.Client, s_deadman, "-i", "200ms", "-t", "300ms", "--web", $"127.0.0.1:{WebPort}", config);
        Process stream = _processes.Start(_hosts.Client, "curl", "-sN", "--max-time", "60", "--retry", "30", "--retry-delay", "1",
                                          "--retry-connrefused", $"http://127.0.0.1:{WebPort}/api/events");
        Assert.True(SpinWait.SpinUntil(() => States(stream) is { } s && s["alive"] == "up" && s["cable"] == "up", s_patience), "both hosts up in the stream");

        // When the far host's cable is pulled
        _hosts.Lab.SetLink(far, farLink, up: false);

        // Then the stream brings it down, with the event, and the state document says the same
        Assert.True(SpinWait.SpinUntil(() => States(stream) is { } s && s["cable"] == "down" && s["alive"] == "up", s_patience), "the pulled host down in the stream");
        using JsonDocument latest = Latest(stream)!;
        JsonElement change = latest.RootElement.GetProperty("events")[0];
        Assert.Equal(("cable", "lab", "up", "down"),
                     (change.GetProperty("name").GetString(), change.GetProperty("group").GetString(), change.GetProperty("from").GetString(), change.GetProperty("to").GetString()));
        var (exit, output, _) = Shell.RunChecked(["ip", "netns", "exec", _hosts.Client, "curl", "-s", "--max-time", "5", $"http://127.0.0.1:{WebPort}/api/state"]);
        Assert.Equal(0, exit);
        using JsonDocument state = JsonDocument.Parse(output);
        Assert.Equal("down", state.RootElement.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "cable").GetProperty("state").GetString());
    }

    // The newest state the stream has brought: its last "data:" line.
    private JsonDocument? Latest(Process stream)
    {
        string? data = _processes.OutputOf(stream).Split('\n').LastOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal));
        return data is null ? null : JsonDocument.Parse(data[6..]);
    }

    private Dictionary<string, string>? States(Process stream)
    {
        using JsonDocument? latest = Latest(stream);
        return latest?.RootElement.GetProperty("targets").EnumerateArray()
                      .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("state").GetString()!);
    }

    public void Dispose()
    {
        _processes.Dispose();
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
