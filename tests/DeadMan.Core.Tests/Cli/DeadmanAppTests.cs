using System.Text;
using System.Text.Json;
using DeadMan.Cli;

namespace DeadMan.Core.Tests.Cli;

/// <summary>The program end to end but in-process: arguments in, exit code and output out.</summary>
public sealed class DeadmanAppTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deadman-cli-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly MemoryStream _json = new();

    private async Task<int> Run(params string[] args) => await DeadmanApp.RunAsync(args, _output, _error, _json);

    private string Config(string text)
    {
        string path = Path.Combine(_directory, "test.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("--interval", "fast")]
    [InlineData("--count", "0")]
    [InlineData("--json")]
    [InlineData("--no-such-option")]
    [InlineData("--metrics", "localhost")]
    [InlineData("--metrics", "127.0.0.1:99999")]
    [InlineData("--web", "example.net:80")]
    public async Task Should_exit_2_with_a_message_When_usage_is_wrong(params string[] args)
    {
        // When
        int exit = await Run([.. args, Config("a 192.0.2.1")]);

        // Then
        Assert.Equal(2, exit);
        Assert.StartsWith("deadman: ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_2_naming_file_line_and_column_When_config_is_broken()
    {
        // Given
        string path = Config("ok 192.0.2.1\nbad 192.0.2.300\n");

        // When
        int exit = await Run("--check", path);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:2:5: invalid IPv4 address '192.0.2.300'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_2_naming_the_line_When_snmp_names_credentials_the_settings_lack()
    {
        // Given: deadman.toml beside the host list, with credentials "core" only
        File.WriteAllText(Path.Combine(_directory, "deadman.toml"), "[snmp.credentials.core]\ncommunity = \"noc-community\"\n");
        string path = Config("core 192.0.2.1 traffic=ge-0/0/1 snmp=core\nedge 192.0.2.2 traffic=ge-0/0/1 snmp=edge\n");

        // When
        int exit = await Run("--check", path);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:2:1: snmp=edge: no [snmp.credentials.edge] (deadman.toml has core)", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("noc-community", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from prometheus ftp://192.0.2.1 --count 1", "--from takes prometheus and the server's http:// or https:// URL")]
    [InlineData("--from graphite http://127.0.0.1:9090 --count 1", "--from takes prometheus and the server's http:// or https:// URL")]
    [InlineData("--from prometheus http://127.0.0.1:9090 hosts.conf --count 1", "give no host file with it")]
    [InlineData("--from prometheus http://127.0.0.1:9090 --count 1 --vantage-match (", "--vantage-match: '(' is not a regular expression")]
    [InlineData("--vantage-match noc hosts.conf", "--vantage-match needs --from prometheus URL")]
    [InlineData("--count 1", "a host file is needed (or --from prometheus URL)")]
    [InlineData("--from prometheus --count 1", "--from takes prometheus and the server's http:// or https:// URL")]
    [InlineData("--from", "--from takes prometheus and the server's http:// or https:// URL")]
    [InlineData("--from prometheus http://127.0.0.1:9090 --metrics 9100", "--metrics does not go with --from prometheus: the viewer probes nothing")]
    [InlineData("--from prometheus http://127.0.0.1:9090 --vantage noc", "--vantage does not go with --from prometheus")]
    [InlineData("--from prometheus http://127.0.0.1:9090 --check", "--check does not go with --from prometheus")]
    [InlineData("--count abc hosts.conf", "'abc'")]
    [InlineData("--scale x hosts.conf", "'x'")]
    public async Task Should_exit_2_saying_why_and_never_crash_When_options_are_misused(string arguments, string expected)
    {
        int exit = await Run(arguments.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains(expected, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_2_naming_the_line_When_gauges_names_a_gauge_the_settings_lack()
    {
        // Given: deadman.toml with the gauge "clients" only
        File.WriteAllText(Path.Combine(_directory, "deadman.toml"), "[snmp.gauge.clients]\noid = \"1.3.6.1.4.1.99999.1.1\"\nwarn = 80\n");
        string path = Config("ap-1 192.0.2.21 gauges=clients community=noc\nap-2 192.0.2.22 gauges=clients,cpu community=noc\n");

        // When
        int exit = await Run("--check", path);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:2:1: gauges=cpu: no [snmp.gauge.cpu] (deadman.toml has clients)", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_print_errors_as_json_When_check_json_meets_a_broken_file()
    {
        // When
        int exit = await Run("--check", "--json", Config("x 192.0.2.1 colour=red"));

        // Then
        Assert.Equal(2, exit);
        using JsonDocument json = JsonDocument.Parse(_json.ToArray());
        JsonElement error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Equal(13, error.GetProperty("column").GetInt32());
        Assert.Equal("unknown option 'colour'", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Should_list_targets_and_send_nothing_When_checking()
    {
        // Given: documentation addresses and a name that must not be looked up
        string path = Config("--- core\nsw 192.0.2.1 via=snmp relay=198.51.100.1 community=hush\nname never.invalid\n");

        // When
        int exit = await Run("--check", "--json", path);

        // Then
        Assert.Equal(0, exit);
        string text = Encoding.UTF8.GetString(_json.ToArray());
        Assert.DoesNotContain("hush", text, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(text);
        JsonElement[] targets = [.. json.RootElement.GetProperty("targets").EnumerateArray()];
        Assert.True(targets[0].GetProperty("separator").GetBoolean());
        Assert.Equal("snmp", targets[1].GetProperty("kind").GetString());
        Assert.Equal("never.invalid", targets[2].GetProperty("address").GetString());
    }

    [Fact]
    public async Task Should_exit_2_naming_the_settings_file_line_and_key_When_deadman_toml_is_wrong()
    {
        // Given
        string settings = Path.Combine(_directory, "mine.toml");
        File.WriteAllText(settings, "interval = \"1s\"\n[health]\nloss_wran = 5\n");

        // When
        int exit = await Run("--check", "--settings", settings, Config("a 192.0.2.1"));

        // Then
        Assert.Equal(2, exit);
        Assert.Equal($"deadman: {settings}:3:1: unknown key 'loss_wran' in [health]; did you mean 'loss_warn' (loss from which a host is degraded, percent)?", _error.ToString().Trim());
    }

    [Fact]
    public async Task Should_find_deadman_toml_beside_the_host_file_and_show_it_When_checking()
    {
        // Given
        File.WriteAllText(Path.Combine(_directory, "deadman.toml"), "interval = \"500ms\"\n[health]\nloss_warn = 5\n[[alert.webhook]]\nurl = \"http://user:pw@127.0.0.1:9/h\"\nheaders = { Authorization = \"Bearer s3cret\" }\n");

        // When
        int exit = await Run("--check", "--json", Config("a 192.0.2.1"));

        // Then: the effective settings, secrets masked
        Assert.Equal(0, exit);
        string json = Encoding.UTF8.GetString(_json.ToArray());
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement settings = document.RootElement.GetProperty("settings");
        Assert.Equal(Path.Combine(_directory, "deadman.toml"), settings.GetProperty("file").GetString());
        Assert.Equal("500ms", settings.GetProperty("options").GetProperty("interval").GetString());
        Assert.Equal(5, settings.GetProperty("health").GetProperty("loss_warn").GetDouble());
        Assert.DoesNotContain("s3cret", json, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_the_command_line_over_deadman_toml_and_deadman_toml_over_the_defaults_When_both_set_an_option()
    {
        // Given
        Core.Settings.DeadmanSettings settings = Core.Settings.SettingsReader.Read("interval = \"500ms\"\ntimeout = \"2s\"\nscale = 20\ntitle = false\n", "d.toml").Settings!;
        var command = new DeadmanCommand();

        // When
        RunOptions options = command.ToOptions(command.Root.Parse(["-i", "200ms", "a.conf"]), settings);

        // Then
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Timing.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timing.Timeout);
        Assert.Equal((20, true), (options.ScaleMs, options.NoTitle));
        Assert.Equal(5, command.ToOptions(command.Root.Parse(["-s", "5", "a.conf"]), settings).ScaleMs);
        Assert.Equal(10, command.ToOptions(command.Root.Parse(["a.conf"]), Core.Settings.DeadmanSettings.None).ScaleMs);
    }

    [Fact]
    public async Task Should_exit_2_When_config_file_is_missing()
    {
        // When
        int exit = await Run("--check", Path.Combine(_directory, "absent.conf"));

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("absent.conf: cannot read config file", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_write_host_logs_and_events_When_a_headless_run_is_asked_to_log()
    {
        // Given: loopback only
        string logs = Path.Combine(_directory, "logs");
        string path = Config("lo 127.0.0.1\n");

        // When
        int exit = await Run("--count", "3", "-i", "100ms", "-l", logs, path);

        // Then
        Assert.Equal(0, exit);
        string[] lines = File.ReadAllLines(Path.Combine(logs, "lo"));
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} [\d.]+ [\d.]+ 3 ok$", lines[2]);
        string[] events = File.ReadAllLines(Path.Combine(logs, "deadman-events.jsonl"));
        Assert.Equal(["start", "up", "stop"], events.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Should_match_golden_When_printing_help()
    {
        // When
        int exit = await Run("--help");

        // Then
        Assert.Equal(0, exit);
        DeadMan.Tests.Common.GoldenFile.Assert(Path.Combine(Golden.ProjectDirectory, "Cli", "help.txt"), _output.ToString());
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _output.Dispose();
        _error.Dispose();
        _json.Dispose();
    }
}
