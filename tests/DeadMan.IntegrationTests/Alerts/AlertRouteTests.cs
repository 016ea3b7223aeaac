using System.Text.Json;
using DeadMan.Core.Alerts;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Trace;
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
    private readonly HttpClient _http = new();
    private AlertDispatcher? _dispatcher;

    private static AlertSettings Settings(IReadOnlyList<WebhookRoute>? hooks = null, IReadOnlyList<ExecRoute>? commands = null) =>
        AlertSettings.None with { GroupWait = s_wait, Webhooks = hooks ?? [], Commands = commands ?? [] };

    private AlertDispatcher Start(AlertSettings settings, int watched, params IAlertRoute[] routes) =>
        _dispatcher = new AlertDispatcher(settings, routes, () => watched, () => "192.0.2.7 on eth0", TimeProvider.System,
                                          message => { lock (_problems) { _problems.Add(message); } },
                                          outcome => { lock (_outcomes) { _outcomes.Add(outcome); } });

    // A dispatcher with one webhook route (no headers) to a receiver.
    private AlertDispatcher StartHook(Uri url, WebhookFormat format, int watched)
    {
        var hook = new WebhookRoute(url, format, new Dictionary<string, Secret>());
        return Start(Settings([hook]), watched, new WebhookRouteSender(hook, _http));
    }

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
    public async Task Should_tell_the_acknowledgement_and_nothing_more_of_the_known_host_until_it_ends_When_an_operator_acknowledges_a_down_host()
    {
        // Given: a webhook route told a switch went down
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        AlertDispatcher alerts = StartHook(receiver.Url, WebhookFormat.Json, watched: 40);
        StateChange down = Floor(1)[0];
        alerts.Post(down);
        await Until(() => receiver.Requests.Count == 1);
        var known = new Acknowledgement("noc@laptop", down.At, TargetStatus.Down, down.At.AddHours(1), "replacing the switch");
        TargetView acknowledged = down.Target with { Acknowledgement = known };

        // When: acknowledged; then, while it lasts, it flaps (a change the engine makes of a known host)
        alerts.Acknowledged(new AcknowledgementChange(acknowledged, known, null, down.At, new Dictionary<string, Acknowledgement> { ["sw-1f"] = known }));
        await Until(() => receiver.Requests.Count == 2);
        alerts.Post(down with { Target = acknowledged, From = TargetStatus.Degraded, Sequence = 2 });
        await Task.Delay(s_wait * 4);

        // Then: an "acknowledged" event with who, until when and why, and no repeat of the known host's trouble
        Assert.Equal(2, receiver.Requests.Count);
        using JsonDocument told = JsonDocument.Parse(receiver.Requests.Last().Body);
        Assert.Equal("acknowledged", told.RootElement.GetProperty("event").GetString());
        Assert.Equal("sw-1f down, acknowledged by " + known.Describe(), told.RootElement.GetProperty("summary").GetString());
        JsonElement body = told.RootElement.GetProperty("acknowledgement");
        Assert.Equal(("noc@laptop", "down", "replacing the switch"), (body.GetProperty("by").GetString(), body.GetProperty("state").GetString(), body.GetProperty("note").GetString()));
        Assert.Equal(known.Until!.Value, body.GetProperty("until").GetDateTimeOffset());

        // When: withdrawn, then (another time) ended because the host is up again
        alerts.Acknowledged(new AcknowledgementChange(down.Target, known, "withdrawn by lead@noc", down.At, new Dictionary<string, Acknowledgement>()));
        await Until(() => receiver.Requests.Count == 3);
        alerts.Acknowledged(new AcknowledgementChange(down.Target, known, Acknowledgements.UpAgain, down.At, new Dictionary<string, Acknowledgement>()));
        await Task.Delay(s_wait * 4);

        // Then: the withdrawal is news ("acknowledgement_ended", why); the end with the host up is told by its "up"
        Assert.Equal(3, receiver.Requests.Count);
        using JsonDocument ended = JsonDocument.Parse(receiver.Requests.Last().Body);
        Assert.Equal("acknowledgement_ended", ended.RootElement.GetProperty("event").GetString());
        Assert.Equal("withdrawn by lead@noc", ended.RootElement.GetProperty("acknowledgement").GetProperty("ended").GetString());
    }

    [Fact]
    public async Task Should_give_a_command_who_acknowledged_until_when_and_why_When_an_acknowledgement_is_told()
    {
        // Given: an exec route writing its environment
        string env = Path.Combine(_directory, "ack.env");
        var command = new ExecRoute(["/bin/sh", "-c", $"env | grep '^DEADMAN_' > {env}"], TimeSpan.FromSeconds(5));
        AlertDispatcher alerts = Start(Settings(commands: [command]), watched: 40, new ExecRouteSender(command));
        StateChange down = Floor(1)[0];
        var known = new Acknowledgement("noc@laptop", down.At, TargetStatus.Down, null, "replacing the switch");

        // When
        alerts.Acknowledged(new AcknowledgementChange(down.Target with { Acknowledgement = known }, known, null, down.At, new Dictionary<string, Acknowledgement>()));

        // Then
        await Until(() => File.Exists(env) && File.ReadAllText(env).Contains("DEADMAN_ACK_NOTE", StringComparison.Ordinal));
        string said = File.ReadAllText(env);
        Assert.Contains("DEADMAN_EVENT=acknowledged\n", said, StringComparison.Ordinal);
        Assert.Contains("DEADMAN_ACK_BY=noc@laptop\n", said, StringComparison.Ordinal);
        Assert.Contains("DEADMAN_ACK_NOTE=replacing the switch\n", said, StringComparison.Ordinal);
        Assert.Contains("DEADMAN_ACK_UNTIL=\n", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_carry_each_hosts_trace_and_last_hop_When_its_path_was_traced_as_it_failed()
    {
        // Given: a webhook route, and the switch's path traced as it failed (the access point's not)
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        AlertDispatcher alerts = StartHook(receiver.Url, WebhookFormat.Json, watched: 40);
        List<StateChange> changes = Floor(2);
        var hops = new[]
        {
            new TraceHop(1, System.Net.IPAddress.Parse("192.0.2.1"), 3, 3, null, null, null, TimeSpan.FromMilliseconds(0.4)) { Name = "core-sw" },
            new TraceHop(2, null, 3, 0, null, null, null, null),
        };
        alerts.Traced(new TraceEvent(changes[0].Target, new PathTrace(System.Net.IPAddress.Parse("192.0.2.10"), changes[0].At, hops, false, 3), null, changes[0].At));

        // When
        changes.ForEach(alerts.Post);

        // Then: the switch's host names where its path stops, and every hop; the access point says nothing of one
        await Until(() => !receiver.Requests.IsEmpty);
        JsonElement hosts = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("hosts");
        Assert.Equal("192.0.2.1 (core-sw)", hosts[0].GetProperty("last_hop").GetString());
        JsonElement trace = hosts[0].GetProperty("trace");
        Assert.Equal("stops after 192.0.2.1 (core-sw), hop 1", trace.GetProperty("summary").GetString());
        Assert.Equal(2, trace.GetProperty("hops").GetArrayLength());
        Assert.Equal(100, trace.GetProperty("hops")[1].GetProperty("loss_pct").GetDouble());
        Assert.False(hosts[1].TryGetProperty("last_hop", out _));
    }

    [Fact]
    public async Task Should_say_it_may_be_us_When_most_hosts_go_down_together()
    {
        // Given: five hosts watched, all five fail in the same seconds
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        AlertDispatcher alerts = StartHook(receiver.Url, WebhookFormat.Slack, watched: 5);

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
        var exec = new ExecRoute(["/bin/sh", "-c", "env | grep '^DEADMAN_' | sort > \"$0\"; printf '%s\\n' \"$DEADMAN_NAME\" > \"$0.names\"; cat > \"$0.json\"; echo paged", output], TimeSpan.FromSeconds(10));
        AlertDispatcher alerts = Start(Settings(commands: [exec]), watched: 40, new ExecRouteSender(exec));
        List<StateChange> changes = Floor(2);
        changes[1] = changes[1] with { Target = changes[1].Target with { Spec = changes[1].Target.Spec with { Name = "ap;$(touch pwned)" } } };

        // When
        changes.ForEach(alerts.Post);

        // Then
        await Until(() => _outcomes.Count > 0);
        string[] lines = File.ReadAllLines(output);
        Assert.Contains("DEADMAN_EVENT=down", lines);
        // One name a line: a name may hold spaces (issue 30: they were joined with spaces)
        Assert.Equal(["sw-1f", "ap;$(touch pwned)"], File.ReadAllLines(output + ".names"));
        // and the webhook's JSON on standard input
        Assert.Equal("sw-1f and 1 more in 1F down", JsonDocument.Parse(File.ReadAllText(output + ".json")).RootElement.GetProperty("summary").GetString());
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

    [Fact]
    public async Task Should_be_done_within_its_timeout_When_a_command_leaves_a_child_holding_its_output()
    {
        // Given: the command of issue 30, whose background sleep keeps standard output open for 40 s
        var exec = new ExecRoute(["/bin/sh", "-c", "sleep 40 & echo started"], TimeSpan.FromSeconds(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AlertDispatcher alerts = Start(Settings(commands: [exec]), watched: 40, new ExecRouteSender(exec));

        // When
        alerts.Post(Floor(1)[0]);

        // Then: delivered with what it said, long before the child ends
        await Until(() => _outcomes.Count > 0);
        Assert.Equal("exit 0: started", Assert.Single(_outcomes).Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2) + s_wait * 2, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("echo slow; exec sleep 40", "was killed after 1s")]
    [InlineData("head -c 50000000 /dev/zero | tr '\\0' x; echo", "exit 0: xxxxxxxx")]
    public async Task Should_keep_to_its_timeout_and_only_a_short_first_line_When_a_command_hangs_or_prints_a_flood(string script, string said)
    {
        // Given: a command that never ends, and one that prints a 50 MB line (issue 30: 200 MB took RSS to 1.2 GB)
        var exec = new ExecRoute(["/bin/sh", "-c", script], TimeSpan.FromSeconds(1));
        var sender = new ExecRouteSender(exec);
        var notification = new Notification("down", Floor(1), null);

        // When
        string detail;
        try
        {
            detail = await sender.SendAsync(notification, CancellationToken.None);
        }
        catch (TimeoutException e)
        {
            detail = e.Message;
        }

        // Then
        Assert.Contains(said, detail, StringComparison.Ordinal);
        Assert.True(detail.Length <= ExecRouteSender.MaxDetail + 20, $"{detail.Length} characters kept");
    }

    [Fact]
    public async Task Should_give_a_command_only_the_basics_and_what_it_names_When_deadman_holds_secrets_in_its_environment()
    {
        // Given: a secret in deadman's own environment (an env: source), and one the route asks for by name
        string secret = $"DEADMAN_TEST_SECRET_{Environment.ProcessId}";
        string passed = $"PAGER_TEST_TOKEN_{Environment.ProcessId}";
        Environment.SetEnvironmentVariable(secret, "s3cret");
        Environment.SetEnvironmentVariable(passed, "pager-token");
        try
        {
            string output = Path.Combine(_directory, "env.txt");
            var exec = new ExecRoute(["/bin/sh", "-c", "env > \"$0\"", output], TimeSpan.FromSeconds(10)) { PassEnvironment = [passed] };

            // When
            await new ExecRouteSender(exec).SendAsync(new Notification("down", Floor(1), null), CancellationToken.None);

            // Then
            string[] lines = File.ReadAllLines(output);
            Assert.DoesNotContain(lines, l => l.StartsWith(secret, StringComparison.Ordinal));
            Assert.Contains($"{passed}=pager-token", lines);
            Assert.Contains(lines, l => l.StartsWith("PATH=", StringComparison.Ordinal));
            Assert.Contains("DEADMAN_EVENT=down", lines);
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
            Environment.SetEnvironmentVariable(passed, null);
        }
    }

    [Fact]
    public async Task Should_deliver_the_next_notification_to_other_routes_at_once_When_one_route_is_slow()
    {
        // Given: a command that takes 20 s each time, and a webhook
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        var hook = new WebhookRoute(receiver.Url, WebhookFormat.Json, new Dictionary<string, Secret>());
        var exec = new ExecRoute(["/bin/sleep", "20"], TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        AlertDispatcher alerts = Start(Settings([hook], [exec]), watched: 40, new ExecRouteSender(exec), new WebhookRouteSender(hook, http));

        // When: a host goes down, then another, a few group waits later
        List<StateChange> floor = Floor(2);
        alerts.Post(floor[0]);
        await Until(() => receiver.Requests.Count == 1);
        alerts.Post(floor[1]);

        // Then: the webhook hears of the second while the command still runs for the first
        await Until(() => receiver.Requests.Count == 2);
        Assert.DoesNotContain(_outcomes, o => o.Route.StartsWith("exec", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_tell_a_receiver_only_what_it_has_not_been_told_When_a_host_changes_back_and_forth()
    {
        // Given
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        AlertDispatcher alerts = StartHook(receiver.Url, WebhookFormat.Json, watched: 40);
        StateChange down = Floor(1)[0];
        StateChange degraded = down with { From = TargetStatus.Up, To = TargetStatus.Degraded };

        // When: degraded; then, in a later wait, up and degraded again (the latest change says degraded); then up
        alerts.Post(degraded);
        await Until(() => receiver.Requests.Count == 1);
        alerts.Post(degraded with { From = TargetStatus.Degraded, To = TargetStatus.Up });
        alerts.Post(degraded with { Sequence = 9 });
        await Task.Delay(s_wait * 4);
        alerts.Post(degraded with { From = TargetStatus.Degraded, To = TargetStatus.Up, Sequence = 10 });
        await Until(() => receiver.Requests.Count == 2);
        await Task.Delay(s_wait * 3);

        // Then: "degraded" once, then "recovered" (issue 30: two "degraded" in a row)
        Assert.Equal(["degraded", "recovered"], receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Should_send_the_down_it_missed_before_the_up_When_the_route_works_again()
    {
        // Given: a receiver that fails for now
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        AlertDispatcher alerts = StartHook(receiver.Url, WebhookFormat.Json, watched: 40);
        StateChange down = Floor(1)[0];

        // When: the down cannot be delivered; the receiver works again; the host comes back
        alerts.Post(down);
        await Until(() => _outcomes.Count > 0);
        receiver.Status = 200;
        alerts.Post(down with { From = TargetStatus.Down, To = TargetStatus.Up, Lasted = TimeSpan.FromSeconds(41), Sequence = 2 });

        // Then: the receiver hears both, in order (issue 30: only the recovery arrived), and the status line that it works again
        await Until(() => receiver.Requests.Count == 2);
        Assert.Equal(["down", "up"], receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()));
        Assert.Equal(41, JsonDocument.Parse(receiver.Requests.Last().Body).RootElement.GetProperty("hosts")[0].GetProperty("after_s").GetDouble());
        await Until(() => { lock (_problems) { return _problems.Any(p => p.Contains("works again", StringComparison.Ordinal)); } });
    }

    [Fact]
    public async Task Should_send_the_user_in_the_url_as_basic_authentication_and_never_print_the_url_past_its_host_When_a_webhook_url_holds_secrets()
    {
        // Given: a URL with a user, a password, a key in its path and one in its query
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        var url = new Uri($"http://noc:pa%24s@{receiver.Url.Authority}/services/T000/B000/XXXXSECRET?key=QUERYSECRET");
        var hook = new WebhookRoute(url, WebhookFormat.Slack, new Dictionary<string, Secret>());
        using var http = new HttpClient();
        var sender = new WebhookRouteSender(hook, http);
        AlertDispatcher alerts = Start(Settings([hook]), watched: 40, sender);

        // When
        alerts.Post(Floor(1)[0]);
        await Until(() => !receiver.Requests.IsEmpty && _outcomes.Count > 0);

        // Then: sent (issue 30: credentials in the URL were not), and named without its secrets
        (string path, string authorization, _) = Assert.Single(receiver.Requests);
        Assert.Equal("/services/T000/B000/XXXXSECRET", path);
        Assert.Equal("Basic " + Convert.ToBase64String("noc:pa$s"u8.ToArray()), authorization);
        Assert.Equal($"webhook http://********@{receiver.Url.Authority}/…", sender.Name);
        Assert.DoesNotContain("SECRET", string.Join(' ', _outcomes.Select(o => $"{o.Route} {o.Detail}")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alertmanager")]
    [InlineData("alertmanager/")]
    public async Task Should_post_under_the_path_prefix_with_the_user_in_the_url_When_alertmanager_is_behind_a_proxy(string prefix)
    {
        // Given: Alertmanager under a prefix, behind basic authentication (issue 30: the prefix was lost, the user not sent)
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        var sender = new AlertmanagerSender(new Uri($"http://noc:secret@{receiver.Url.Authority}/{prefix}"), new HttpClient(), TimeProvider.System);

        // When
        await sender.SendAsync(new Notification("down", Floor(1), null), CancellationToken.None);

        // Then
        (string path, string authorization, _) = Assert.Single(receiver.Requests);
        Assert.Equal("/alertmanager/api/v2/alerts", path);
        Assert.Equal("Basic " + Convert.ToBase64String("noc:secret"u8.ToArray()), authorization);
        Assert.Equal($"Alertmanager http://********@{receiver.Url.Authority}/…", sender.Name);
    }

    [Fact]
    public async Task Should_escape_what_slack_reads_as_markup_When_a_host_name_holds_it()
    {
        // Given: a host called <!channel> (issue 30: it paged the channel)
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        AlertDispatcher alerts = StartHook(receiver.Url, WebhookFormat.Slack, watched: 40);
        StateChange change = Floor(1)[0];

        // When
        alerts.Post(change with { Target = change.Target with { Spec = change.Target.Spec with { Name = "<!channel> & co" } } });

        // Then
        await Until(() => !receiver.Requests.IsEmpty);
        string text = JsonDocument.Parse(receiver.Requests.Single().Body).RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("deadman: &lt;!channel&gt; &amp; co down", text, StringComparison.Ordinal);
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

        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
