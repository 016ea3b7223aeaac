using System.Globalization;
using System.Net;
using System.Text;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Remote;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Remote;

/// <summary>
/// Issue 18: the pictures the viewer publishes from what Prometheus answers (answers written as Prometheus writes
/// them; the integration tests read a real one). Rows, worst states, events, the sparkline from a range query, a
/// server that goes away and comes back, and the number of queries a read costs.
/// </summary>
public sealed class RemoteMonitorTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new FakeTimeProvider().GetUtcNow();
    private readonly FakeTimeProvider _time = new();
    private readonly PrometheusStub _server = new();
    private readonly HttpClient _http;
    private readonly RemoteMonitor _monitor;

    public RemoteMonitorTests()
    {
        _http = new HttpClient(_server);
        _monitor = new RemoteMonitor(new RemoteReader(new PrometheusApi(new Uri("http://prometheus.test:9090/"), _http)), TimeSpan.FromSeconds(1), _time);
    }

    [Fact]
    public async Task Should_show_a_row_per_host_under_its_group_with_every_vantage_and_the_worst_state_When_read()
    {
        // Given: core up from both; the AP up from the NOC and down from hall B
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.0011), ("hall-b", 1, 0.0012));
        _server.Host("ap-hall", "192.0.2.141", "Hall", ("noc", 1, 0.0031), ("hall-b", 3, null));

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: the group heads its host; the AP is down with the vantage that says so, its RTT the live one's
        MonitorSnapshot snapshot = _monitor.Snapshot();
        Assert.Equal(["core", "Hall", "ap-hall"], snapshot.Rows.Select(r => r.Target?.Spec.Name ?? r.Separator!.Title));
        TargetView ap = snapshot.Targets.Single(t => t.Spec.Name == "ap-hall");
        Assert.Equal((TargetStatus.Down, "down from hall-b"), (ap.Status, ap.Reason));
        Assert.Equal(["hall-b", "noc"], ap.Vantages.Select(v => v.Vantage));
        Assert.Equal(3.1, ap.Rtt.Last.TotalMilliseconds, 3);
        Assert.Equal((200L, 150L), (ap.Sent, ap.Received));
        Assert.Equal(TargetStatus.Up, snapshot.Targets.Single(t => t.Spec.Name == "core").Status);
        Assert.Equal(IPAddress.Parse("192.0.2.141"), ap.Address);
    }

    [Fact]
    public async Task Should_ask_the_same_few_queries_When_there_are_many_hosts()
    {
        // Given: 300 hosts seen from two vantages
        for (int i = 0; i < 300; i++)
        {
            _server.Host($"h{i}", $"198.51.100.{i % 250}", "Hall", ("noc", 1, 0.001), ("hall-b", 1, 0.002));
        }

        // When: the first read (with the history), then one more
        await _monitor.ReadOnceAsync(CancellationToken.None);
        int first = _server.Requests;
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: two instant queries a read, and two range queries for the history once
        Assert.Equal((4, 2), (first, _server.Requests - first));
        Assert.Equal(300, _monitor.Snapshot().Targets.Count());
    }

    [Fact]
    public async Task Should_fill_the_sparkline_from_the_range_query_and_add_a_round_a_read_When_reading_on()
    {
        // Given: the last three steps as Prometheus holds them: up, down from one vantage, up
        _server.Host("ap-hall", "192.0.2.141", "Hall", ("noc", 1, 0.004));
        _server.History = [(1, 0.002), (3, null), (1, 0.005)];

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);
        RoundHistory history = _monitor.Snapshot().Targets.Single().History;

        // Then: the newest round is this read's, the three before it the range's, oldest first
        long now = history.LatestRound;
        Assert.Equal((ProbeOutcome.Reply, 4.0), (history[now].Outcome!.Value, history[now].Rtt!.Value.TotalMilliseconds));
        Assert.Equal(5.0, history[now - 1].Rtt!.Value.TotalMilliseconds);
        Assert.Equal(ProbeOutcome.Timeout, history[now - 2].Outcome);
        Assert.Equal(2.0, history[now - 3].Rtt!.Value.TotalMilliseconds);
        Assert.Null(history[now - 4].Outcome);
        // the server took the worst over the vantages itself
        Assert.All(_server.RangeQueries, q => Assert.StartsWith("max by (name, address, group, kind) (deadman_", q, StringComparison.Ordinal));

        // When the host goes down from its vantage
        _server.Clear();
        _server.Host("ap-hall", "192.0.2.141", "Hall", ("noc", 3, null));
        _time.Advance(TimeSpan.FromSeconds(1));
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: one more round, lost, and the change is news (the first "up" was not)
        MonitorSnapshot snapshot = _monitor.Snapshot();
        TargetView ap = snapshot.Targets.Single();
        Assert.Equal((now + 1, ProbeOutcome.Timeout), (ap.History.LatestRound, ap.History[now + 1].Outcome!.Value));
        StateChange change = Assert.Single(snapshot.Events);
        Assert.Equal((TargetStatus.Up, TargetStatus.Down, TimeSpan.FromSeconds(1)), (change.From, change.To, change.Lasted!.Value));
    }

    [Fact]
    public async Task Should_keep_the_last_picture_and_say_why_once_When_the_server_fails_and_fill_the_gap_When_it_is_back()
    {
        // Given
        var problems = new List<string?>();
        _monitor.ProblemChanged += problems.Add;
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));
        await _monitor.ReadOnceAsync(CancellationToken.None);
        long version = _monitor.Snapshot().Version;

        // When the server fails twice
        _server.Failing = true;
        await _monitor.ReadOnceAsync(CancellationToken.None);
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: said once, with what came back; the picture stays, saying so once too
        Assert.Equal(["Prometheus at http://prometheus.test:9090: HTTP 503 Service Unavailable"], problems);
        MonitorSnapshot kept = _monitor.Snapshot();
        Assert.Equal((version + 1, "core", problems[0]), (kept.Version, kept.Targets.Single().Spec.Name, kept.Problem));

        // When it answers again: said so, and the history is read again for the rounds missed
        _server.Failing = false;
        int before = _server.RangeRequests;
        await _monitor.ReadOnceAsync(CancellationToken.None);
        Assert.Null(problems[^1]);
        Assert.Null(_monitor.Snapshot().Problem);
        Assert.Equal(2, _server.RangeRequests - before);
    }

    [Fact]
    public async Task Should_show_the_hosts_without_their_past_rounds_and_no_problem_When_only_the_range_query_fails()
    {
        // Given
        var problems = new List<string?>();
        _monitor.ProblemChanged += problems.Add;
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));
        _server.History = [(1, 0.002), (1, 0.003)];
        _server.FailingRange = true;

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: the host with this read's round only, and nothing to say
        RoundHistory history = _monitor.Snapshot().Targets.Single().History;
        Assert.Equal((ProbeOutcome.Reply, (ProbeOutcome?)null), (history[history.LatestRound].Outcome!.Value, history[history.LatestRound - 1].Outcome));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Should_show_a_host_unknown_and_stale_never_up_When_no_vantage_reports_it_any_more()
    {
        // Given: the only agent that watched it is gone (its series are in the last five minutes, not now)
        _server.Host("ap-hall", "192.0.2.141", "Hall", ("noc", 1, 0.001));
        _server.GoStale("noc");

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then
        TargetView ap = _monitor.Snapshot().Targets.Single();
        Assert.Equal(TargetStatus.Unknown, ap.Status);
        Assert.StartsWith("stale", ap.Note, StringComparison.Ordinal);
        Assert.True(ap.Vantages.Single().Stale);
    }

    [Fact]
    public async Task Should_show_one_vantage_When_the_same_agent_is_scraped_twice()
    {
        // Given: the NOC's agent in two jobs (or two Prometheus replicas behind one query API): every series twice
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then
        TargetView core = _monitor.Snapshot().Targets.Single();
        Assert.Equal((TargetStatus.Up, "noc"), (core.Status, core.Vantages.Single().Vantage));
    }

    [Fact]
    public async Task Should_not_ask_the_server_When_paused()
    {
        // Given
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));
        Task paused = _monitor.TogglePause();
        using var stop = new CancellationTokenSource();

        // When: the loop runs a while paused (the pause, posted before it started, is applied before the first read)
        Task running = _monitor.RunAsync(stop.Token);
        await paused;
        _time.Advance(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running;

        // Then
        Assert.Equal(0, _server.Requests);
        Assert.True(_monitor.Snapshot().Paused);
    }

    [Fact]
    public async Task Should_apply_pause_and_reset_on_its_loop_and_publish_with_nothing_held_When_running()
    {
        // Given: a running viewer that has read a host with a past, and a reader of every picture that asks the
        // viewer for its picture again (a handler run while a lock is held would still be served; one that posted and
        // waited would hang)
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));
        _server.History = [(1, 0.002), (1, 0.003)];
        int published = 0;
        _monitor.Published += () => { _ = _monitor.Snapshot(); Interlocked.Increment(ref published); };
        using var stop = new CancellationTokenSource();
        Task running = _monitor.RunAsync(stop.Token);
        await WaitFor(() => _monitor.Snapshot().Targets.Count() == 1);

        // When: paused, the clock moves on; then reset and resumed
        await _monitor.TogglePause();
        int asked = _server.Requests;
        _time.Advance(TimeSpan.FromSeconds(3));
        bool pausedAfter = _monitor.Snapshot().Paused;
        int askedWhilePaused = _server.Requests - asked;
        RoundHistory before = _monitor.Snapshot().Targets.Single().History;
        bool hadPast = before[before.LatestRound].Outcome is not null;
        await _monitor.Reset();
        RoundHistory after = _monitor.Snapshot().Targets.Single().History;
        bool emptied = after[after.LatestRound].Outcome is null;
        await _monitor.TogglePause();
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitFor(() => _server.Requests > asked);
        await stop.CancelAsync();
        await running;

        // Then: each command was applied when its task ended, and published
        Assert.True(pausedAfter);
        Assert.Equal(0, askedWhilePaused);
        Assert.True(hadPast && emptied);
        Assert.False(_monitor.Snapshot().Paused);
        Assert.True(Volatile.Read(ref published) >= 4);
    }

    [Fact]
    public async Task Should_make_its_reads_with_instant_queries_only_and_then_stop_reading_When_counted()
    {
        // Given: a viewer counted to two reads (--count 2), the server holding a history it is not to ask for
        _server.Host("core", "192.0.2.1", null, ("noc", 1, 0.001));
        _server.History = [(1, 0.002), (1, 0.003)];
        var counted = new RemoteMonitor(new RemoteReader(new PrometheusApi(new Uri("http://prometheus.test:9090/"), _http)), TimeSpan.FromSeconds(1), _time) { Reads = 2 };
        using var stop = new CancellationTokenSource();
        Task running = counted.RunAsync(stop.Token);

        // When: the clock moves well past two intervals
        await WaitFor(() => _server.Requests >= 2);
        bool doneAfterOne = counted.Completion.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));
        await counted.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        int asked = _server.Requests;
        _time.Advance(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running;

        // Then: two reads of two instant queries each, done after the second and not the first, nothing after; the
        // last read is there for the report
        Assert.False(doneAfterOne);
        Assert.Equal((4, 4), (asked, _server.Requests));
        Assert.Equal("core", Assert.Single(counted.LastHosts!).Name);
        Assert.Null(counted.Problem);
    }

    // The loop runs on the thread pool: bounded waiting for what it does next.
    private static async Task WaitFor(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the viewer's loop did not get there in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Should_number_vantages_named_after_their_scrape_target_and_show_no_address_When_the_page_is_public()
    {
        // Given: an agent run without --vantage, scraped at 10.20.30.40:9100, that sees the host down (issue 30)
        _server.Unnamed("ap-hall", "192.0.2.141", "10.20.30.40:9100", 3);
        _server.Host("ap-hall", "192.0.2.141", null, ("noc", 1, 0.0031));

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);
        MonitorSnapshot snapshot = _monitor.Snapshot();
        string operatorPage = Encoding.UTF8.GetString(Core.Web.StateDocument.Serialize(snapshot, new Core.Web.StateView(Public: false, TimeSpan.FromSeconds(10))));
        string publicPage = Encoding.UTF8.GetString(Core.Web.StateDocument.Serialize(snapshot, new Core.Web.StateView(Public: true, TimeSpan.FromSeconds(10))));

        // Then: the operator sees which agent it is; attendees see "vantage 1"
        Assert.Equal("down from 10.20.30.40:9100", snapshot.Targets.Single().Reason);
        Assert.Contains("10.20.30.40", operatorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("10.20.30.40", publicPage, StringComparison.Ordinal);
        Assert.Contains("\"reasons\":[\"down from vantage 1\"]", publicPage, StringComparison.Ordinal);
        Assert.Contains("\"vantage\":\"vantage 1\"", publicPage, StringComparison.Ordinal);
        Assert.Contains("\"vantage\":\"noc\"", publicPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_make_labels_safe_to_print_When_a_series_holds_escape_sequences()
    {
        // Given: labels that would retitle and clear a terminal they are printed on (issue 30)
        _server.Labelled(new() { ["name"] = "evil\\u001b]0;PWNED\\u0007\\u001b[2J", ["address"] = "192.0.2.9", ["group"] = "G\\u202eX", ["kind"] = "icmp", ["vantage"] = "v\\r1" }, 1);

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: every character of them is there, none as a control character
        TargetView host = _monitor.Snapshot().Targets.Single();
        Assert.Equal("evil\\x1b]0;PWNED\\x07\\x1b[2J", host.Spec.Name);
        Assert.Equal("G\\u202eX", host.Spec.Group);
        Assert.Equal("v\\x0d1", host.Vantages.Single().Vantage);
    }

    [Fact]
    public async Task Should_dim_a_down_host_not_alarm_When_every_vantage_marks_it_expect_down()
    {
        // Given: a spare both vantages mark expect=down (the label deadman exports for it), down from both; and a
        // host one vantage marks and the other does not, down from both
        Dictionary<string, string> Labels(string name, string vantage, bool expect)
        {
            var labels = new Dictionary<string, string> { ["name"] = name, ["address"] = "192.0.2.9", ["group"] = "", ["kind"] = "icmp", ["vantage"] = vantage };
            if (expect)
            {
                labels["expect"] = "down";
            }

            return labels;
        }

        _server.Labelled(Labels("spare", "noc", expect: true), 3);
        _server.Labelled(Labels("spare", "hall-b", expect: true), 3);
        _server.Labelled(Labels("disputed", "noc", expect: true), 3);
        _server.Labelled(Labels("disputed", "hall-b", expect: false), 3);

        // When
        await _monitor.ReadOnceAsync(CancellationToken.None);

        // Then: the spare is down and expected so, as on the screen of the deadman that probes it; the other alarms
        TargetView spare = _monitor.Snapshot().Targets.Single(t => t.Spec.Name == "spare");
        TargetView disputed = _monitor.Snapshot().Targets.Single(t => t.Spec.Name == "disputed");
        Assert.Equal((TargetStatus.Down, true, false), (spare.Status, spare.Spec.ExpectDown, spare.Alarming));
        Assert.Equal((TargetStatus.Down, false, true), (disputed.Status, disputed.Spec.ExpectDown, disputed.Alarming));
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
    }

    /// <summary>Answers the query API as Prometheus does, from hosts set by the test.</summary>
    private sealed class PrometheusStub : HttpMessageHandler
    {
        private readonly List<(Dictionary<string, string> Labels, int State, double? Rtt)> _series = [];
        private readonly HashSet<string> _stale = [];

        public int Requests { get; private set; }

        public int RangeRequests { get; private set; }

        public bool Failing { get; set; }

        public bool FailingRange { get; set; }

        public List<string> RangeQueries { get; } = [];

        /// <summary>Each step of the range, oldest first: the state and RTT every series had then.</summary>
        public (int State, double? Rtt)[] History { get; set; } = [];

        public void Host(string name, string address, string? group, params (string Vantage, int State, double? Rtt)[] vantages)
        {
            foreach (var (vantage, state, rtt) in vantages)
            {
                _series.Add((new() { ["name"] = name, ["address"] = address, ["group"] = group ?? "", ["kind"] = "icmp", ["vantage"] = vantage }, state, rtt));
            }
        }

        /// <summary>A host as an agent run without --vantage reports it: Prometheus's instance label, no vantage.</summary>
        public void Unnamed(string name, string address, string instance, int state) =>
            _series.Add((new() { ["name"] = name, ["address"] = address, ["group"] = "", ["kind"] = "icmp", ["instance"] = instance }, state, null));

        /// <summary>Labels as they are, for labels nobody checked (escapes written as JSON writes them).</summary>
        public void Labelled(Dictionary<string, string> labels, int state) => _series.Add((labels, state, 0.001));

        public void GoStale(string vantage) => _stale.Add(vantage);

        public void Clear() => _series.Clear();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (Failing)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>down</html>") });
            }

            string path = request.RequestUri!.AbsolutePath;
            string query = Uri.UnescapeDataString(request.RequestUri.Query);
            if (path.EndsWith("query_range", StringComparison.Ordinal))
            {
                RangeRequests++;
                RangeQueries.Add(System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["query"]!);
                if (FailingRange)
                {
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.GatewayTimeout) { Content = new StringContent("<html>timeout</html>") });
                }
            }

            string body = path.EndsWith("query_range", StringComparison.Ordinal)
                ? Answer("matrix", _series.Select(s => Series(s.Labels, query.Contains("deadman_state", StringComparison.Ordinal) ? "deadman_state" : "deadman_rtt_seconds",
                    "\"values\":[" + string.Join(",", History.Select((h, i) => query.Contains("deadman_state", StringComparison.Ordinal) ? Value(Step(i), h.State) : h.Rtt is { } rtt ? Value(Step(i), rtt) : null).OfType<string>()) + "]")))
                : query.Contains("last_over_time", StringComparison.Ordinal)
                ? Answer("vector", _series.Select(s => Series(s.Labels, null, "\"value\":" + Value(s_start.ToUnixTimeSeconds(), s.State))))
                : Answer("vector", _series.Where(s => !_stale.Contains(s.Labels.GetValueOrDefault("vantage") ?? "")).SelectMany(Now));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }

        // The range's steps are a second apart and end a second before the fake clock's start, where the read's own round is.
        private long Step(int i) => s_start.ToUnixTimeSeconds() - History.Length + i;

        private static IEnumerable<string> Now((Dictionary<string, string> Labels, int State, double? Rtt) s)
        {
            yield return Series(s.Labels, "deadman_state", "\"value\":" + Value(s_start.ToUnixTimeSeconds(), s.State));
            yield return Series(s.Labels, "deadman_probes_sent_total", "\"value\":" + Value(s_start.ToUnixTimeSeconds(), 100));
            yield return Series(s.Labels, "deadman_probes_received_total", "\"value\":" + Value(s_start.ToUnixTimeSeconds(), s.State == 3 ? 50 : 100));
            if (s.Rtt is { } rtt)
            {
                yield return Series(s.Labels, "deadman_rtt_seconds", "\"value\":" + Value(s_start.ToUnixTimeSeconds(), rtt));
            }
        }

        private static string Series(Dictionary<string, string> labels, string? name, string values) =>
            "{\"metric\":{" + string.Join(",", labels.Select(l => $"\"{l.Key}\":\"{l.Value}\"").Concat(name is null ? [] : [$"\"__name__\":\"{name}\""])) + "}," + values + "}";

        private static string Value(long at, double value) => string.Create(CultureInfo.InvariantCulture, $"[{at},\"{value}\"]");

        private static string Answer(string type, IEnumerable<string> series) =>
            $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"{type}\",\"result\":[{string.Join(",", series)}]}}}}";
    }
}
