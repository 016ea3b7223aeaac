using System.Text.Json;
using DeadMan.Core.Alerts;
using DeadMan.Core.Config;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Settings;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Alerts;

/// <summary>Notifications delivered to real receivers on loopback: an HTTP endpoint, a program; grouped, retried, said in words.</summary>
public sealed class AlertRouteTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(15);
    private readonly List<string> _problems = [];
    private readonly List<AlertOutcome> _outcomes = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-alert-").FullName;
    private AlertDispatcher? _dispatcher;

    private static AlertSettings Settings(IReadOnlyList<WebhookRoute>? hooks = null, IReadOnlyList<ExecRoute>? commands = null) =>
        AlertSettings.None with { GroupWait = s_wait, Webhooks = hooks ?? [], Commands = commands ?? [] };

    private AlertDispatcher Start(AlertSettings settings, int watched, params IAlertRoute[] routes) =>
        _dispatcher = new AlertDispatcher(settings, routes, () => watched, () => "192.0.2.7 on eth0", TimeProvider.System,
                                          message => { lock (_problems) { _problems.Add(message); } },
                                          outcome => { lock (_outcomes) { _outcomes.Add(outcome); } });

    // A floor switch and the twelve access points behind it go down together.
    private static List<StateChange> Floor(int hosts, string group = "1F")
    {
        var entries = ConfigParser.Parse($"--- {group}\n" + string.Join('\n', Enumerable.Range(0, hosts).Select(i => i == 0 ? "sw-1f 192.0.2.10" : $"ap-1f-{i} 192.0.2.{10 + i}")), "t.conf");
        DateTimeOffset at = DateTimeOffset.UtcNow;
        return [.. entries.Targets.Select((spec, i) => new StateChange(View(i, spec, ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable from 192.0.2.1")),
                                                                      TargetStatus.Up, TargetStatus.Down, at, i + 1))];
    }

    private static TargetView View(int id, TargetSpec spec, ProbeResult last) =>
        new(id, spec, TargetStatus.Down, null, 1, 0, default, null, spec.Address.Literal, null, last, RoundHistory.From(16, []));

    [Fact]
    public async Task Should_send_one_grouped_json_notification_with_every_host_and_the_token_When_a_floor_goes_down_at_once()
    {
        // Given
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        var hook = new WebhookRoute(new Uri(receiver.Url, "hook"), WebhookFormat.Json, new Dictionary<string, Secret> { ["Authorization"] = new("Bearer t0ken") });
        using var http = new HttpClient();
        AlertDispatcher alerts = Start(Settings([hook]), watched: 40, new WebhookRouteSender(hook, http));

        // When: thirteen hosts within the group wait
        Floor(13).ForEach(alerts.Post);

        // Then: one POST, not thirteen
        await Until(() => !receiver.Requests.IsEmpty && _outcomes.Count > 0);
        await Task.Delay(s_wait * 3);
        var (path, authorization, body) = Assert.Single(receiver.Requests);
        Assert.Equal("/hook", path);
        Assert.Equal("Bearer t0ken", authorization);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("down", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("sw-1f and 12 more in 1F down", json.RootElement.GetProperty("summary").GetString());
        Assert.Equal(13, json.RootElement.GetProperty("hosts").GetArrayLength());
        Assert.Equal("host unreachable from 192.0.2.1", json.RootElement.GetProperty("hosts")[0].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("self_suspect").ValueKind);
        Assert.True(Assert.Single(_outcomes).Delivered);
    }

    [Fact]
    public async Task Should_say_it_may_be_us_When_most_hosts_go_down_together()
    {
        // Given: five hosts watched, all five fail in the same seconds
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        var hook = new WebhookRoute(receiver.Url, WebhookFormat.Slack, new Dictionary<string, Secret>());
        using var http = new HttpClient();
        AlertDispatcher alerts = Start(Settings([hook]), watched: 5, new WebhookRouteSender(hook, http));

        // When
        Floor(5).ForEach(alerts.Post);

        // Then: the chat text, the status line and the notification say so, and name the path probes take
        await Until(() => !receiver.Requests.IsEmpty);
        string text = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("deadman: sw-1f and 4 more in 1F down\n5 of 5 hosts went down within 0.3s: is it us? Probes leave from 192.0.2.7 on eth0", text, StringComparison.Ordinal);
        Assert.Contains("• ap-1f-4 (192.0.2.14) down: host unreachable from 192.0.2.1", text, StringComparison.Ordinal);
        Assert.Contains(_problems, p => p.Contains("is it us?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_run_the_command_without_a_shell_with_the_event_in_its_environment_When_hosts_go_down()
    {
        // Given: a program that writes its DEADMAN_ variables where its first argument says; a host name with a
        // shell's metacharacters stays a name
        string output = Path.Combine(_directory, "env.txt");
        var exec = new ExecRoute(["/bin/sh", "-c", "env | grep '^DEADMAN_' | sort > \"$0\"; echo paged", output], TimeSpan.FromSeconds(10));
        AlertDispatcher alerts = Start(Settings(commands: [exec]), watched: 40, new ExecRouteSender(exec));
        List<StateChange> changes = Floor(2);
        changes[1] = changes[1] with { Target = changes[1].Target with { Spec = changes[1].Target.Spec with { Name = "ap;$(touch pwned)" } } };

        // When
        changes.ForEach(alerts.Post);

        // Then
        await Until(() => _outcomes.Count > 0);
        string[] lines = File.ReadAllLines(output);
        Assert.Contains("DEADMAN_EVENT=down", lines);
        Assert.Contains("DEADMAN_NAME=sw-1f ap;$(touch pwned)", lines);
        Assert.Contains("DEADMAN_COUNT=2", lines);
        Assert.Contains("DEADMAN_GROUP=1F", lines);
        Assert.Contains("DEADMAN_STATE=down", lines);
        Assert.Contains("DEADMAN_REASON=host unreachable from 192.0.2.1", lines);
        Assert.False(File.Exists(Path.Combine(_directory, "pwned")));
        Assert.False(File.Exists("pwned"));
        Assert.Equal("exit 0: paged", Assert.Single(_outcomes).Detail);
    }

    [Fact]
    public async Task Should_send_to_the_new_route_only_When_deadman_toml_was_reloaded_with_another()
    {
        // Given: notifications went to one receiver
        await using WebhookReceiver before = await WebhookReceiver.StartAsync();
        await using WebhookReceiver after = await WebhookReceiver.StartAsync();
        var oldHook = new WebhookRoute(before.Url, WebhookFormat.Json, new Dictionary<string, Secret>());
        var newHook = new WebhookRoute(after.Url, WebhookFormat.Json, new Dictionary<string, Secret>());
        using var http = new HttpClient();
        AlertDispatcher alerts = Start(Settings([oldHook]), watched: 40, new WebhookRouteSender(oldHook, http));

        // When: the file now names another
        alerts.Update(Settings([newHook]), [new WebhookRouteSender(newHook, http)]);
        alerts.Post(Floor(1)[0]);

        // Then
        await Until(() => !after.Requests.IsEmpty);
        Assert.Empty(before.Requests);
    }

    [Fact]
    public async Task Should_retry_then_say_once_that_the_route_fails_When_the_receiver_is_gone()
    {
        // Given: a webhook on a port nobody listens on
        string url;
        await using (WebhookReceiver gone = await WebhookReceiver.StartAsync())
        {
            url = gone.Url.ToString();
        }

        var hook = new WebhookRoute(new Uri(url), WebhookFormat.Json, new Dictionary<string, Secret>());
        using var http = new HttpClient();
        AlertDispatcher alerts = Start(Settings([hook]), watched: 40, new WebhookRouteSender(hook, http));

        // When: two notifications, one after the other
        alerts.Post(Floor(1)[0]);
        await Until(() => _outcomes.Count > 0);
        alerts.Post(Floor(1)[0] with { To = TargetStatus.Up, From = TargetStatus.Down, Lasted = TimeSpan.FromSeconds(7) });
        await Until(() => _outcomes.Count > 1);

        // Then: both failed (after three tries each, with backoff), the status line heard it once
        Assert.All(_outcomes, o => Assert.False(o.Delivered));
        Assert.Single(_problems, p => p.Contains("failed after 3 tries", StringComparison.Ordinal));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "nothing arrived in time");
            await Task.Delay(50);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xUnit 2 calls IAsyncLifetime's, not IAsyncDisposable's: with only the latter the dispatcher was never stopped
    // and the scratch folder never deleted.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
