using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Health;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Settings;

public class SettingsReaderTests
{
    private static SettingsResult Read(string text) => SettingsReader.Read(text, "deadman.toml");

    private static string Problems(string text) => string.Join("\n", Read(text).Diagnostics.Select(d => d.ToString()));

    [Fact]
    public void Should_read_defaults_health_rules_and_alert_routes_When_the_file_is_valid()
    {
        // When
        SettingsResult result = Read("""
            interval = "500ms"
            scale = 20
            bell = true
            metrics = "9300"

            [health]
            down_after = 3
            loss_warn = 5
            rtt_warn = "50ms"

            [[health.match]]
            group = "4F*"
            loss_warn = 10.5

            [alert]
            group_wait = "5s"

            [alert.alertmanager]
            url = "http://127.0.0.1:9093"

            [[alert.webhook]]
            url = "https://chat.example.net/hooks/abc"
            format = "slack"
            headers = { Authorization = "Bearer s3cret" }

            [[alert.exec]]
            command = ["/usr/local/bin/page", "--team", "noc"]
            """);

        // Then
        Assert.Empty(result.Diagnostics);
        DeadmanSettings s = result.Settings!;
        Assert.Equal((TimeSpan?)TimeSpan.FromMilliseconds(500), s.Options.Interval);
        Assert.Equal((20, true, 9300), (s.Options.Scale, s.Options.Bell, s.Options.Metrics!.Port));
        Assert.Equal(new HealthRules(3, null, null, 5, TimeSpan.FromMilliseconds(50)), s.Health.Rules);
        HealthMatch match = Assert.Single(s.Health.Matches);
        Assert.Equal(("4F*", 10.5), (match.Group, match.Rules.LossWarn));
        Assert.Equal(TimeSpan.FromSeconds(5), s.Alert.GroupWait);
        Assert.Equal(new Uri("http://127.0.0.1:9093"), s.Alert.Alertmanager);
        WebhookRoute hook = Assert.Single(s.Alert.Webhooks);
        Assert.Equal((WebhookFormat.Slack, "Bearer s3cret", "********"), (hook.Format, hook.Headers["authorization"].Reveal(), hook.Headers["Authorization"].ToString()));
        Assert.Equal(["/usr/local/bin/page", "--team", "noc"], Assert.Single(s.Alert.Commands).Command);
    }

    [Fact]
    public void Should_keep_every_entry_of_an_array_of_tables_When_other_tables_come_between_them()
    {
        // Given: valid TOML whose [[alert.exec]] and [[health.match]] entries are split by other tables (issue 30:
        // only the last of each was kept, silently)
        SettingsResult result = Read("""
            [[alert.exec]]
            command = ["/usr/local/bin/page", "one"]

            [web]
            title = "Hall"

            [[health.match]]
            name = "ap-*"
            loss_warn = 5

            [[alert.exec]]
            command = ["/usr/local/bin/page", "two"]
            timeout = "3s"

            [alert]
            group_wait = "5s"

            [[health.match]]
            group = "4F"
            down_after = 3
            """);

        // Then: all of them, in file order, with the tables between them too
        DeadmanSettings settings = Assert.IsType<DeadmanSettings>(result.Settings);
        Assert.Equal([["/usr/local/bin/page", "one"], ["/usr/local/bin/page", "two"]], settings.Alert.Commands.Select(c => c.Command));
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Alert.Commands[1].Timeout);
        Assert.Equal(["ap-*", null], settings.Health.Matches.Select(m => m.Name));
        Assert.Equal((5.0, 3), (settings.Health.Matches[0].Rules.LossWarn, settings.Health.Matches[1].Rules.DownAfter));
        Assert.Equal(("Hall", TimeSpan.FromSeconds(5)), (settings.Web.Title, settings.Alert.GroupWait));
    }

    [Theory]
    [InlineData("bel = true", "deadman.toml:1:1: unknown key 'bel'; did you mean 'bell' (--bell: ring when a host goes down)?")]
    [InlineData("[health]\nloss_wran = 5", "deadman.toml:2:1: unknown key 'loss_wran' in [health]; did you mean 'loss_warn' (loss from which a host is degraded, percent)?")]
    [InlineData("[helth]\n", "deadman.toml:1:2: unknown table [helth]; did you mean 'health' (when a host is up, degraded or down)?")]
    [InlineData("[health]\nloss_warn = \"5%\"", "deadman.toml:2:13: 'loss_warn' must be a percentage above 0 and at most 100 (a number, without %)")]
    [InlineData("[health]\nwindow = \"60x\"", "deadman.toml:2:10: 'window': '60x' is not a duration of 1ms or more (examples: \"500ms\", \"60s\", \"2m\")")]
    [InlineData("[health]\ndown_after = 0", "deadman.toml:2:14: 'down_after' must be a whole number from 1 to 1000")]
    [InlineData("interval = 1", "deadman.toml:1:12: 'interval' must be a string (examples: \"500ms\", \"60s\", \"2m\")")]
    [InlineData("bell = \"yes\"", "deadman.toml:1:8: 'bell' must be true or false")]
    [InlineData("[[health.match]]\nloss_warn = 5", "deadman.toml:1:3: [[health.match]] needs group = \"…\" or name = \"…\" to say which hosts it is for")]
    [InlineData("[alert.alertmanager]\nurl = \"ftp://x\"", "deadman.toml:2:7: 'url': 'ftp://x' is not an http:// or https:// URL")]
    [InlineData("[[alert.webhook]]\nurl = \"http://127.0.0.1/\"\nformat = \"slak\"", "deadman.toml:3:10: 'format' must be \"json\" or \"slack\"; did you mean 'slack'?")]
    [InlineData("[[alert.exec]]\ncommand = \"page noc\"", "deadman.toml:2:11: 'command' must be an array: the program, then its arguments (no shell), e.g. [\"/usr/local/bin/page\", \"--team\", \"noc\"]")]
    [InlineData("[health.match]\ngroup = \"x\"", "deadman.toml:1:2: health.match is written [[health.match]]")]
    [InlineData("metrics = \"localhost:x\"", "deadman.toml:1:11: 'metrics': 'localhost:x' is not PORT, ADDRESS:PORT or [IPv6]:PORT")]
    [InlineData("[web]\ntoken = \"noc\"", "deadman.toml:2:9: 'token' must be 16 characters or more: a short one is guessed (openssl rand -hex 16 makes one)")]
    [InlineData("[web]\nlisten = 8080", "deadman.toml:2:10: 'listen' must be a string")]
    [InlineData("[web]\nuser = \"noc\"", "deadman.toml:1:2: [web] basic authentication needs both user = \"…\" and password = \"…\"")]
    [InlineData("[[traffic]]\nhost = \"core\"\nsignage = true", "deadman.toml:1:3: [[traffic]] needs host = \"…\" and interface = \"…\": a host line's name and one of its traffic= interfaces")]
    [InlineData("[web]\ntitle = \"\"", "deadman.toml:2:9: 'title' is empty")]
    [InlineData("[snmp.credentials.core]\nuser = \"noc\"\nauth = \"sha256\"\nauth_password = \"long-enough\"\npriv = \"des\"\npriv_password = \"long-enough\"",
                "deadman.toml:5:8: 'priv': DES is refused: its 56-bit key is found by brute force within a day; use priv = \"aes\" (AES-128)")]
    [InlineData("[snmp.credentials.core]\nuser = \"noc\"\nauth = \"sha257\"\nauth_password = \"long-enough\"",
                "deadman.toml:3:8: 'auth': 'sha257' is not sha512, sha384, sha256, sha224, sha (SHA-1) or md5; did you mean 'sha256'?")]
    [InlineData("[snmp.credentials.core]\nuser = \"noc\"\nauth = \"sha256\"\nauth_password = \"short\"",
                "deadman.toml:1:2: [snmp.credentials.core] has a password under 8 characters, which SNMPv3 agents refuse (RFC 3414 §11.2)")]
    [InlineData("[snmp.credentials.core]\nuser = \"noc\"\npriv = \"aes\"\npriv_password = \"long-enough\"",
                "deadman.toml:1:2: [snmp.credentials.core] has privacy without authentication, which SNMPv3 does not allow: add auth and auth_password")]
    [InlineData("[snmp.credentials.core]\nversion = \"3\"", "deadman.toml:1:2: [snmp.credentials.core] is version 3 and needs user = \"…\"")]
    [InlineData("[snmp.credentials.core]\ncommunity = \"env:DEADMAN_TEST_UNSET_VARIABLE\"",
                "deadman.toml:2:13: 'community': environment variable 'DEADMAN_TEST_UNSET_VARIABLE' is not set (or empty)")]
    [InlineData("[snmp.credentials.core]\nuser = \"noc\"\nusr = \"noc\"", "deadman.toml:3:1: unknown key 'usr' in [snmp.credentials.*]; did you mean 'user' (the SNMPv3 user)?")]
    [InlineData("[prometheus]\nuser = \"noc\"", "deadman.toml:1:2: [prometheus] basic authentication needs both user = \"…\" and password = \"…\"")]
    [InlineData("[prometheus]\nuser = \"noc\"\npassword = \"pw\"\ntoken = \"t\"", "deadman.toml:1:2: [prometheus] logs in with user and password, or with a token, not both")]
    [InlineData("vantage = \"hall b\"", "deadman.toml:1:11: 'vantage': a vantage is 1 to 32 letters, digits, '.', '_' or '-' (e.g. noc, hall-b)")]
    [InlineData("[snmp.gauge.clients]\nunit = \"clients\"", "deadman.toml:1:2: [snmp.gauge.clients] needs oid = \"…\": the numeric OID of the value to read")]
    [InlineData("[snmp.gauge.clients]\noid = \"IF-MIB::ifNumber.0\"",
                "deadman.toml:2:7: 'oid': 'IF-MIB::ifNumber.0' is not a numeric OID (\"1.3.6.1.4.1.8072.1.3.2.3.1.1.7.99.108.105.101.110.116.115\"; snmptranslate -On turns a name into one)")]
    [InlineData("[snmp.gauge.clients]\noid = \"1.3.6.1.2.1.2.1.0\"\nwarn = \"80\"", "deadman.toml:3:8: 'warn' must be a number (118, 0.5)")]
    [InlineData("[snmp.gauge.clients]\noid = \"1.3.6.1.2.1.2.1.0\"\nscale = 0", "deadman.toml:3:9: 'scale' multiplies what the agent says: 0 would make every value 0")]
    [InlineData("[snmp.gauge.clients]\noid = \"1.3.6.1.2.1.2.1.0\"\ncirt = 120", "deadman.toml:3:1: unknown key 'cirt' in [snmp.gauge.*]; did you mean 'crit' (from here the value is red too)?")]
    [InlineData("[snmp.gauge.\"two words\"]\noid = \"1.3.6.1.2.1.2.1.0\"",
                "deadman.toml:1:2: [snmp.gauge.two words]: a gauge's name is listed in gauges= on host lines, so letters, digits, '_' and '-' only")]
    [InlineData("[[maintenance]]\ngroup = \"4F\"\nstart = \"2026-12-08 09:00\"\nend = \"2026-12-08 10:00 +09:00\"",
                "deadman.toml:3:9: 'start': '2026-12-08 09:00' is not a date and time with its offset, such as \"2026-12-08 09:00 +09:00\"")]
    [InlineData("[[maintenance]]\ngroup = \"4F\"\nstart = \"2026-12-08 10:00 +09:00\"\nend = \"2026-12-08 09:00 +09:00\"", "deadman.toml:1:3: [[maintenance]]: end must be after start")]
    [InlineData("[[maintenance]]\nname = \"ap-*\"\nevery = \"sunday\"\nduration = \"2h\"",
                "deadman.toml:3:9: 'every': 'sunday' is not a day and a time, such as \"sun 02:00\" or \"sat 23:30 +09:00\"")]
    [InlineData("[[maintenance]]\nname = \"ap-*\"\nevery = \"sun 02:00\"", "deadman.toml:1:3: [[maintenance]] weekly needs both every and duration")]
    [InlineData("[[maintenance]]\nname = \"ap-*\"\nevery = \"sun 02:00\"\nduration = \"2h\"\nstart = \"2026-12-08 09:00 +09:00\"",
                "deadman.toml:1:3: [[maintenance]] is once (start and end) or weekly (every and duration), not both")]
    [InlineData("[[maintenance]]\nevery = \"sun 02:00\"\nduration = \"2h\"", "deadman.toml:1:3: [[maintenance]] needs group = \"…\" or name = \"…\" (shell patterns, as [[health.match]])")]
    public void Should_say_where_and_what_When_a_key_or_value_is_wrong(string text, string expected) =>
        Assert.Equal(expected, Problems(text));

    [Fact]
    public void Should_read_snmp_credentials_from_the_file_and_the_environment_and_mask_them_When_set()
    {
        // Given
        string secretFile = Path.GetTempFileName();
        File.WriteAllText(secretFile, "priv-from-a-file\n");
        Environment.SetEnvironmentVariable("DEADMAN_TEST_SNMP_AUTH", "auth-from-the-environment");
        try
        {
            // When
            SettingsResult result = SettingsReader.Read(
                "[snmp.credentials.core]\nuser = \"noc\"\nauth = \"sha512\"\nauth_password = \"env:DEADMAN_TEST_SNMP_AUTH\"\npriv = \"aes\"\n" +
                $"priv_password = \"file:{secretFile}\"\n[snmp.credentials.lab]\ncommunity = \"lab-community\"\n", "deadman.toml");

            // Then
            Assert.Empty(result.Diagnostics);
            DeadmanSettings settings = result.Settings!;
            Assert.Equal("v3 noc (authPriv, Sha512, Aes128)", settings.Snmp["core"].Describe());
            Assert.Equal("lab-community", settings.Snmp["lab"].Community?.Reveal());
            var text = new StringWriter();
            SettingsReport.WriteText(settings, text);
            Assert.Contains("snmp credentials: core (v3 noc (authPriv, Sha512, Aes128)), lab (v2c)", text.ToString(), StringComparison.Ordinal);
            using var json = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                SettingsReport.WriteJson(settings, writer);
                writer.WriteEndObject();
            }

            string all = text + System.Text.Encoding.UTF8.GetString(json.ToArray());
            foreach (string secret in new[] { "auth-from-the-environment", "priv-from-a-file", "lab-community" })
            {
                Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(secretFile);
            Environment.SetEnvironmentVariable("DEADMAN_TEST_SNMP_AUTH", null);
        }
    }

    [Fact]
    public void Should_read_the_web_token_password_headers_and_urls_from_where_they_live_and_print_none_of_them_When_given_as_env_or_file()
    {
        // Given: every secret of [web] and [alert] by reference (issue 30: these were taken literally)
        string secretFile = Path.GetTempFileName();
        File.WriteAllText(secretFile, "https://hooks.slack.com/services/T0/B0/FILESECRET\n");
        Environment.SetEnvironmentVariable("DEADMAN_TEST_WEB_TOKEN", "token-from-the-environment");
        Environment.SetEnvironmentVariable("DEADMAN_TEST_HOOK_AUTH", "Bearer header-secret");
        Environment.SetEnvironmentVariable("DEADMAN_TEST_AM", "http://noc:am-secret@127.0.0.1:9093/alertmanager");
        try
        {
            // When
            SettingsResult result = SettingsReader.Read($$"""
                web = { token = "env:DEADMAN_TEST_WEB_TOKEN", user = "noc", password = "env:DEADMAN_TEST_WEB_TOKEN" }

                [alert.alertmanager]
                url = "env:DEADMAN_TEST_AM"

                [[alert.webhook]]
                url = "file:{{secretFile}}"
                format = "slack"
                headers = { Authorization = "env:DEADMAN_TEST_HOOK_AUTH" }

                [[alert.webhook]]
                url = "https://chat.example.net/hooks/noc?key=QUERYSECRET"

                [[alert.exec]]
                command = ["/usr/local/bin/page"]
                pass_env = ["PAGER_TOKEN"]
                """, "deadman.toml");

            // Then: what they hold is used
            Assert.Empty(result.Diagnostics);
            DeadmanSettings settings = result.Settings!;
            Assert.Equal("token-from-the-environment", settings.Web.Token!.Reveal());
            Assert.Equal("token-from-the-environment", settings.Web.Login!.Password.Reveal());
            Assert.Equal(new Uri("http://noc:am-secret@127.0.0.1:9093/alertmanager"), settings.Alert.Alertmanager);
            Assert.Equal(new Uri("https://hooks.slack.com/services/T0/B0/FILESECRET"), settings.Alert.Webhooks[0].Url);
            Assert.Equal("Bearer header-secret", settings.Alert.Webhooks[0].Headers["Authorization"].Reveal());
            Assert.Equal(["PAGER_TOKEN"], settings.Alert.Commands[0].PassEnvironment);

            // and --check shows none of it, in text or JSON
            var text = new StringWriter();
            SettingsReport.WriteText(settings with { Options = settings.Options with { Web = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 8080) } }, text);
            using var json = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                SettingsReport.WriteJson(settings, writer);
                writer.WriteEndObject();
            }

            string all = text + System.Text.Encoding.UTF8.GetString(json.ToArray());
            Assert.Contains("with a token", all, StringComparison.Ordinal);
            Assert.Contains("Alertmanager http://********@127.0.0.1:9093/…", all, StringComparison.Ordinal);
            Assert.Contains("webhook (slack) https://hooks.slack.com/…", all, StringComparison.Ordinal);
            Assert.Contains("(passing PAGER_TOKEN)", all, StringComparison.Ordinal);
            foreach (string secret in new[] { "token-from-the-environment", "header-secret", "am-secret", "FILESECRET", "QUERYSECRET", "/services/", "/hooks/noc" })
            {
                Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(secretFile);
            Environment.SetEnvironmentVariable("DEADMAN_TEST_WEB_TOKEN", null);
            Environment.SetEnvironmentVariable("DEADMAN_TEST_HOOK_AUTH", null);
            Environment.SetEnvironmentVariable("DEADMAN_TEST_AM", null);
        }
    }

    [Theory]
    [InlineData("[web]\ntoken = \"env:DEADMAN_TEST_UNSET_VARIABLE\"", "deadman.toml:2:9: 'token': environment variable 'DEADMAN_TEST_UNSET_VARIABLE' is not set (or empty)")]
    [InlineData("[[alert.webhook]]\nurl = \"env:DEADMAN_TEST_UNSET_VARIABLE\"", "deadman.toml:2:7: 'url': environment variable 'DEADMAN_TEST_UNSET_VARIABLE' is not set (or empty)")]
    [InlineData("[[alert.webhook]]\nurl = \"http://127.0.0.1/\"\nheaders = { X-Key = \"file:/nonexistent/key\" }", "deadman.toml:3:21: header 'X-Key': '/nonexistent/key' is not a file that can be read")]
    [InlineData("[[alert.exec]]\ncommand = [\"/bin/true\"]\npass_env = [\"1BAD\"]", "deadman.toml:3:13: every word of 'pass_env' must be an environment variable's name (letters, digits and '_', not starting with a digit)")]
    public void Should_say_where_a_secret_cannot_be_found_When_its_source_is_missing(string text, string problem) =>
        Assert.Equal(problem, Problems(text));

    [Fact]
    public void Should_print_an_unknown_key_safely_When_it_holds_escape_sequences()
    {
        // Given: a quoted key that would retitle and clear the terminal --check prints it on (issue 30)
        string problems = Problems("\"evil\\u001b]0;PWNED\\u0007\\u001b[2J\" = 1");

        // Then: said, every character readable, none of them a control character
        Assert.Equal("deadman.toml:1:1: unknown key 'evil\\x1b]0;PWNED\\x07\\x1b[2J'", problems);
    }

    [Theory]
    [InlineData("SHA-256", "AES", "Sha256")]
    [InlineData("SHA-512", "AES-128", "Sha512")]
    [InlineData("sha-1", "aes128", "Sha1")]
    [InlineData("HMAC-SHA-384", "AES-CFB-128", "Sha384")]
    [InlineData("MD5", "aes", "Md5")]
    public void Should_take_the_protocols_as_net_snmp_and_vendors_write_them_When_reading_snmpv3_credentials(string auth, string priv, string expected)
    {
        // Given: createUser noc SHA-256 "…" AES "…" as snmpd.conf writes it (issue 30: refused)
        SettingsResult result = Read($"[snmp.credentials.core]\nuser = \"noc\"\nauth = \"{auth}\"\nauth_password = \"auth-secret\"\npriv = \"{priv}\"\npriv_password = \"priv-secret\"\n");

        // Then
        Assert.Empty(result.Diagnostics);
        Assert.Equal($"v3 noc (authPriv, {expected}, Aes128)", result.Settings!.Snmp["core"].Describe());
    }

    [Fact]
    public void Should_read_gauges_with_their_limits_and_show_them_in_the_report_When_set()
    {
        // When: one as a table, one inline, lower-is-worse, with a scale
        SettingsResult result = SettingsReader.Read(
            "[snmp.gauge.clients]\noid = \".1.3.6.1.4.1.8072.1.3.2.3.1.1.7.99.108.105.101.110.116.115\"\nunit = \"clients\"\nwarn = 80\ncrit = 120\n" +
            "[snmp.gauge]\ncpu_idle = { oid = \"1.3.6.1.4.1.2021.11.11.0\", unit = \"%\", warn = 20, crit = 5.5, scale = 0.5 }\n", "deadman.toml");

        // Then
        Assert.Empty(result.Diagnostics);
        IReadOnlyDictionary<string, Core.Snmp.Gauges.GaugeDefinition> gauges = result.Settings!.Gauges;
        Assert.Equal(("1.3.6.1.4.1.8072.1.3.2.3.1.1.7.99.108.105.101.110.116.115", "clients", 80.0, 120.0, 1.0, false),
                     (gauges["clients"].Oid.ToString(), gauges["clients"].Unit, gauges["clients"].Warn, gauges["clients"].Crit, gauges["clients"].Scale, gauges["clients"].Falling));
        Assert.Equal((5.5, 0.5, true), (gauges["cpu_idle"].Crit, gauges["cpu_idle"].Scale, gauges["cpu_idle"].Falling));
        var text = new StringWriter();
        SettingsReport.WriteText(result.Settings, text);
        Assert.Contains("snmp gauges: clients (1.3.6.1.4.1.8072.1.3.2.3.1.1.7.99.108.105.101.110.116.115, warn ≥ 80, crit ≥ 120), " +
                        "cpu_idle (1.3.6.1.4.1.2021.11.11.0, warn ≤ 20%, crit ≤ 5.5%, scale 0.5)", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_log_in_to_prometheus_with_basic_authentication_or_a_token_and_show_neither_secret_When_set()
    {
        PrometheusLogin basic = SettingsReader.Read("[prometheus]\nuser = \"noc\"\npassword = \"s3cret-pw\"\n", "deadman.toml").Settings!.Prometheus;
        PrometheusLogin bearer = SettingsReader.Read("[prometheus]\ntoken = \"tok-123\"\n", "deadman.toml").Settings!.Prometheus;

        Assert.Equal(("Basic", "bm9jOnMzY3JldC1wdw=="), (basic.Header()!.Scheme, basic.Header()!.Parameter));
        Assert.Equal(("Bearer", "tok-123"), (bearer.Header()!.Scheme, bearer.Header()!.Parameter));
        Assert.Null(PrometheusLogin.None.Header());
        var text = new StringWriter();
        SettingsReport.WriteText(SettingsReader.Read("[prometheus]\nuser = \"noc\"\npassword = \"s3cret-pw\"\n", "deadman.toml").Settings!, text);
        Assert.Contains("prometheus (--from): basic authentication for noc", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_warn_but_accept_When_a_user_authenticates_with_md5()
    {
        // When
        SettingsResult result = SettingsReader.Read("[snmp.credentials.old]\nuser = \"noc\"\nauth = \"md5\"\nauth_password = \"long-enough\"\n", "deadman.toml");

        // Then
        Assert.Empty(result.Diagnostics);
        Assert.Contains("HMAC-MD5", Assert.Single(result.Settings!.Warnings), StringComparison.Ordinal);
        var text = new StringWriter();
        SettingsReport.WriteText(result.Settings, text);
        Assert.Contains("  warning: [snmp.credentials.old] authenticates with HMAC-MD5", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_the_signage_and_its_uplinks_and_mask_the_password_When_set()
    {
        // When
        SettingsResult result = SettingsReader.Read(
            "[web]\nlisten = \"8080\"\nuser = \"noc\"\npassword = \"a-long-enough-password\"\ntitle = \"PyCon JP\"\nclock = false\n" +
            "[[traffic]]\nhost = \"core\"\ninterface = \"uplink\"\nsignage = true\n[[traffic]]\nhost = \"core\"\ninterface = \"access\"\n", "deadman.toml");

        // Then
        WebSettings web = result.Settings!.Web;
        Assert.Equal(("noc", "a-long-enough-password"), (web.Login?.User, web.Login?.Password.Reveal()));
        Assert.Equal(("PyCon JP", false), (web.Title, web.Clock));
        Assert.Equal([new InterfaceName("core", "uplink")], web.Uplinks);
        var text = new StringWriter();
        SettingsReport.WriteText(result.Settings, text);
        Assert.Contains("basic authentication for noc", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("signage: http://127.0.0.1:8080/signage \"PyCon JP\", no clock, uplink graph of core:uplink", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("a-long-enough-password", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_the_web_view_and_mask_its_token_When_web_is_set()
    {
        // When
        SettingsResult result = SettingsReader.Read("[web]\nlisten = \"0.0.0.0:8080\"\npublic = true\ntoken = \"0123456789abcdef\"\n", "deadman.toml");

        // Then
        DeadmanSettings settings = result.Settings!;
        Assert.Equal("0.0.0.0:8080", settings.Options.Web?.ToString());
        Assert.True(settings.Web.Public);
        Assert.Equal("0123456789abcdef", settings.Web.Token?.Reveal());
        var text = new StringWriter();
        SettingsReport.WriteText(settings, text);
        Assert.Contains("web: http://0.0.0.0:8080/, public (no addresses), with a token", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", text.ToString(), StringComparison.Ordinal);
        using var json = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            SettingsReport.WriteJson(settings, writer);
            writer.WriteEndObject();
        }

        Assert.DoesNotContain("0123456789abcdef", System.Text.Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_without_a_problem_When_reading_the_sample_with_its_examples_switched_on()
    {
        // Given: the sample the README points to, with its commented examples switched on (and the environment
        // its secrets are read from)
        Environment.SetEnvironmentVariable("DEADMAN_SNMP_AUTH", "sample-auth-password");
        Environment.SetEnvironmentVariable("DEADMAN_SNMP_PRIV", "sample-priv-password");
        Environment.SetEnvironmentVariable("DEADMAN_SLACK_URL", "https://chat.example.net/hooks/noc");
        Environment.SetEnvironmentVariable("DEADMAN_CHAT_TOKEN", "Bearer sample-token");
        Environment.SetEnvironmentVariable("DEADMAN_WEB_TOKEN", "sample-web-token-of-16-characters");
        string path = Path.Combine(Golden.RepositoryRoot, "deadman.toml.sample");
        string sample = File.ReadAllText(path);
        string every = string.Join('\n', sample.Split('\n').Select(l => l.StartsWith("# ", StringComparison.Ordinal) && l.Contains(" = ", StringComparison.Ordinal) || l.StartsWith("# [", StringComparison.Ordinal) ? l[2..] : l));

        // Then: both read (DocumentationTests checks that it names every key)
        Assert.Empty(Read(sample).Diagnostics);
        Assert.Empty(Read(every).Diagnostics);
    }

    [Fact]
    public void Should_report_the_toml_error_with_its_place_When_the_file_is_not_toml()
    {
        string problems = Problems("interval = \"1s\"\n[health\n");
        Assert.StartsWith("deadman.toml:2:", problems, StringComparison.Ordinal);
        Assert.Null(Read("interval = \"1s\"\n[health\n").Settings);
    }

    [Theory]
    [InlineData("\\U0011FFFF")]
    [InlineData("\\uD800")]
    [InlineData("\\UFFFFFFFF")]
    public void Should_say_which_line_without_throwing_When_an_escape_is_no_character(string escape)
    {
        // When: the escape on line 3 (a fuzzed file made Tomlyn's lexer throw on one)
        SettingsResult result = Read($"bell = true\n[health]\nwindow = \"{escape}\"\n");

        // Then
        ConfigDiagnostic problem = Assert.Single(result.Diagnostics);
        Assert.Equal(3, problem.Line);
        Assert.Null(result.Settings);
    }

    [Fact]
    public void Should_say_where_without_throwing_When_arrays_nest_past_tomlyns_limit()
    {
        SettingsResult result = Read("bell = true\nx = " + new string('[', 100) + new string(']', 100) + "\n");
        ConfigDiagnostic problem = Assert.Single(result.Diagnostics);
        Assert.Equal(2, problem.Line);
        Assert.Contains("maximum depth", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_every_problem_not_only_the_first_When_several_lines_are_wrong() =>
        Assert.Equal(3, Read("bel = true\nscale = 0\n[health]\nwindow = 5").Diagnostics.Count);

    [Fact]
    public void Should_apply_matches_in_order_over_health_and_the_line_over_all_When_rules_are_resolved()
    {
        // Given
        DeadmanSettings s = Read("""
            [health]
            loss_warn = 5
            rtt_warn = "50ms"
            [[health.match]]
            group = "4F*"
            loss_warn = 10
            [[health.match]]
            name = "ap-*"
            loss_warn = 20
            """).Settings!;

        // Then
        Assert.Equal(20, s.Health.For("ap-4f-a", "4F 会議室", HealthRules.None).LossWarn);
        Assert.Equal(10, s.Health.For("sw-4f", "4f hall", HealthRules.None).LossWarn);
        Assert.Equal(5, s.Health.For("core", "Core", HealthRules.None).LossWarn);
        Assert.Equal(1, s.Health.For("core", "Core", HealthRules.None).DownAfter);
        Assert.Equal(30, s.Health.For("ap-1", null, new HealthRules(LossWarn: 30)).LossWarn);
        Assert.Equal(TimeSpan.FromMilliseconds(50), s.Health.For("ap-1", null, HealthRules.None).RttWarn);
    }
}
