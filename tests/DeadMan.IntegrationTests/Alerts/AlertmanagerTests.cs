using System.Diagnostics;
using System.Text.Json;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Alerts;

/// <summary>deadman and Debian's real Alertmanager in the test's namespace: a pulled cable is an alert there, and resolved once it is back.</summary>
public sealed class AlertmanagerTests : IDisposable
{
    private const int AlertmanagerPort = 19093;
    private static readonly string s_deadman = DeadmanBinary.Path;

    private readonly TwoHosts _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("dmt-alertmanager-").FullName;
    private readonly NamespaceProcesses _processes = new();

    [Fact]
    public void Should_raise_the_alert_in_alertmanager_and_resolve_it_When_a_cable_is_pulled_and_put_back()
    {
        // Given: Alertmanager and deadman (standing at the "noc" vantage), told of it by deadman.toml, watching two hosts
        (string far, string farLink, string config) = StartAlertmanager();
        _processes.Start(_hosts.Client, s_deadman, "--vantage", "noc", config);

        // When the cable is pulled
        _hosts.Lab.SetLink(far, farLink, up: false);

        // Then: DeadmanHostDown for it, with its labels (the vantage among them) and the reason
        JsonElement alert = WaitFor<JsonElement>(() => Alerts()?.EnumerateArray().FirstOrDefault(a => a.GetProperty("labels").GetProperty("name").GetString() == "cable") is { ValueKind: JsonValueKind.Object } found ? found : null,
                                    "the alert for the pulled host");
        JsonElement labels = alert.GetProperty("labels");
        Assert.Equal("DeadmanHostDown", labels.GetProperty("alertname").GetString());
        Assert.Equal("198.18.1.2", labels.GetProperty("address").GetString());
        Assert.Equal("lab", labels.GetProperty("group").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("noc", labels.GetProperty("vantage").GetString());
        Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
        // and where its path stops, traced as it failed: the host is the first hop, and its cable is out
        Assert.Equal("no hop answered", alert.GetProperty("annotations").GetProperty("trace").GetString());
        Assert.DoesNotContain(Alerts()!.Value.EnumerateArray(), a => a.GetProperty("labels").GetProperty("name").GetString() == "alive");

        // When it is put back, then the alert is resolved: gone from the active ones
        _hosts.Lab.SetLink(far, farLink, up: true);
        WaitFor<bool>(() => Alerts() is { } all && all.EnumerateArray().All(a => a.GetProperty("labels").GetProperty("name").GetString() != "cable") ? true : (bool?)null,
                "the alert resolved");
    }

    [Fact]
    public void Should_silence_the_hosts_alert_with_its_labels_who_and_why_and_expire_it_When_an_operator_acknowledges_and_withdraws()
    {
        // Given: Alertmanager, and deadman in a terminal told of it, watching a host whose cable is pulled
        (string far, string farLink, string config) = StartAlertmanager();
        using var tmux = new Terminal.TmuxSession(100, 12, $"ip netns exec {_hosts.Client} env LANG=C.UTF-8 USER=noc {s_deadman} --vantage noc --state-dir {_directory}/state {config}; sleep 60");
        _hosts.Lab.SetLink(far, farLink, up: false);
        WaitFor<JsonElement>(() => Active("cable"), "the alert for the pulled host");

        // When: the operator acknowledges it for an hour, with a note
        Terminal.ScreenText.Acknowledge(tmux, "cable", "new cable ordered", "2", "Down", "Down");

        // Then: an active silence on the host's labels, by whom and why, ending in an hour; its alert suppressed
        JsonElement silence = WaitFor<JsonElement>(() => Silences()?.EnumerateArray().FirstOrDefault(s => s.GetProperty("status").GetProperty("state").GetString() == "active") is { ValueKind: JsonValueKind.Object } found ? found : null,
                                      "the silence");
        Assert.Equal($"noc@{Environment.MachineName}", silence.GetProperty("createdBy").GetString());
        Assert.Equal("deadman acknowledgement: new cable ordered", silence.GetProperty("comment").GetString());
        Assert.Equal(["address=198.18.1.2", "name=cable", "vantage=noc"],
                     silence.GetProperty("matchers").EnumerateArray().Select(m => $"{m.GetProperty("name").GetString()}={m.GetProperty("value").GetString()}").Order());
        Assert.All(silence.GetProperty("matchers").EnumerateArray(), m => Assert.True(m.GetProperty("isEqual").GetBoolean() && !m.GetProperty("isRegex").GetBoolean()));
        TimeSpan lasts = silence.GetProperty("endsAt").GetDateTimeOffset() - silence.GetProperty("startsAt").GetDateTimeOffset();
        Assert.InRange(lasts, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        WaitFor<bool>(() => Alerts(silenced: true)?.EnumerateArray().Any(a => a.GetProperty("labels").GetProperty("name").GetString() == "cable"
                                                                    && a.GetProperty("status").GetProperty("state").GetString() == "suppressed") == true ? true : null,
                      "the alert suppressed by the silence");
        Assert.Null(Active("cable"));

        // When: withdrawn with A
        tmux.SendKeys("A");

        // Then: the silence expired, and the alert (the host still down) active again
        WaitFor<bool>(() => Silences() is { } all && all.EnumerateArray().All(s => s.GetProperty("status").GetProperty("state").GetString() == "expired") ? true : null,
                      "the silence expired");
        WaitFor<JsonElement>(() => Active("cable"), "the alert active again");
    }

    // Alertmanager answering in the client namespace, a host behind a link of its own ("cable", in the "lab" group,
    // beside "alive"), and deadman.toml telling deadman of Alertmanager (every 200 ms, told again every 5 s).
    private (string Far, string FarLink, string Config) StartAlertmanager()
    {
        string far = _hosts.Lab.AddNamespace("f");
        (_, string farLink) = _hosts.Lab.Link(_hosts.Client, "198.18.1.1/24", far, "198.18.1.2/24");
        string amConfig = Path.Combine(_directory, "alertmanager.yml");
        File.WriteAllText(amConfig, "route:\n  receiver: none\n  group_wait: 1s\nreceivers:\n  - name: none\n");
        _processes.Start(_hosts.Client, "prometheus-alertmanager", $"--config.file={amConfig}", $"--storage.path={Path.Combine(_directory, "am")}",
                         $"--web.listen-address=127.0.0.1:{AlertmanagerPort}", "--cluster.listen-address=", "--log.level=warn");
        string config = Path.Combine(_directory, "lab.conf");
        File.WriteAllText(config, $"--- lab\nalive {TwoHosts.TargetAddress}\ncable 198.18.1.2\n");
        File.WriteAllText(Path.Combine(_directory, "deadman.toml"), $"""
            interval = "200ms"
            timeout = "300ms"

            [alert]
            group_wait = "1s"
            repeat = "5s"

            [alert.alertmanager]
            url = "http://127.0.0.1:{AlertmanagerPort}"
            """);
        WaitFor<bool>(() => Alerts() is null ? null : true, "Alertmanager answering");
        return (far, farLink, config);
    }

    // The host's alert, active and not silenced; null when there is none.
    private JsonElement? Active(string name) =>
        Alerts()?.EnumerateArray().FirstOrDefault(a => a.GetProperty("labels").GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } found ? found : null;

    private JsonElement? Silences() => Get($"http://127.0.0.1:{AlertmanagerPort}/api/v2/silences");

    private JsonElement? Alerts(bool silenced = false) =>
        Get($"http://127.0.0.1:{AlertmanagerPort}/api/v2/alerts?active=true&silenced={(silenced ? "true" : "false")}&inhibited=false");

    private JsonElement? Get(string url)
    {
        var (exit, output, _) = Shell.RunChecked(["ip", "netns", "exec", _hosts.Client, "curl", "-s", "--max-time", "5", url]);
        if (exit != 0 || !output.TrimStart().StartsWith('['))
        {
            return null;
        }

        using JsonDocument json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    private static T WaitFor<T>(Func<T?> found, string what) where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (found() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(40))
            {
                throw new TimeoutException($"Alertmanager never showed {what}");
            }

            Thread.Sleep(500);
        }
    }

    public void Dispose()
    {
        _processes.Dispose();
        _hosts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
