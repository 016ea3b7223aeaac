using System.Globalization;
using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Text;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace DeadMan.Core.Settings;

/// <summary>
/// Reads deadman.toml: Tomlyn parses it (TOML errors come with their line and column), every key is checked against
/// <see cref="SettingsSchema"/> (unknown keys with "did you mean", wrong types, bad values, each located), then
/// Tomlyn's source-generated serializer maps it, and the values become a typed <see cref="DeadmanSettings"/>.
/// </summary>
public static class SettingsReader
{
    public static SettingsResult Read(string text, string file)
    {
        var problems = new List<ConfigDiagnostic>();
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, file);
        }
        catch (ArgumentException)
        {
            // Tomlyn 2.10.2's lexer throws, instead of reporting, on some escape sequences that are no character
            // (found by fuzzing): find the line by parsing ever shorter beginnings of the file.
            return new SettingsResult(null, [new ConfigDiagnostic(file, FirstFailingLine(text, file), 1,
                "cannot be read as TOML: an escape sequence here is no Unicode character (\\uXXXX or \\UXXXXXXXX out of range?)")]);
        }
        catch (TomlException e)
        {
            // Its parser throws, too, past 64 nested arrays or tables (found by fuzzing); the exception has the place.
            return new SettingsResult(null, [new ConfigDiagnostic(file, e.Line ?? FirstFailingLine(text, file), e.Column ?? 1,
                $"cannot be read as TOML: {e.Message.Split(". ")[0]}")]);
        }

        foreach (DiagnosticMessage message in document.Diagnostics)
        {
            problems.Add(At(file, message.Span, message.Message));
        }

        if (problems.Count > 0)
        {
            return new SettingsResult(null, problems);
        }

        var checker = new Checker(file, problems);
        foreach (KeyValueSyntax item in document.KeyValues)
        {
            checker.KeyValue("", item);
        }

        foreach (TableSyntaxBase table in document.Tables)
        {
            checker.Table(table);
        }

        if (problems.Count > 0)
        {
            return new SettingsResult(null, problems);
        }

        try
        {
            SettingsDocument parsed = TomlSerializer.Deserialize(ArraysTogether(document, text), SettingsContext.Default.SettingsDocument) ?? new SettingsDocument();
            return new SettingsResult(Convert(file, parsed), []);
        }
        catch (TomlException e)
        {
            return new SettingsResult(null, [new ConfigDiagnostic(file, Math.Max(1, e.Line ?? 1), Math.Max(1, e.Column ?? 1), e.Message)]);
        }
    }

    // Tomlyn 2.10's mapper keeps only the last run of an array of tables that another table interrupts
    // ([[alert.exec]] [web] [[alert.exec]] gave one command), though TOML makes them one array. The tables are moved,
    // each whole, so that every array's entries follow its first; nothing else changes, and no array entry here has
    // sub-tables that would have to move with it (the schema has none).
    private static string ArraysTogether(DocumentSyntax document, string text)
    {
        var tables = document.Tables.ToList();
        var order = new List<TableSyntaxBase>(tables.Count);
        foreach (TableSyntaxBase table in tables)
        {
            if (order.Contains(table))
            {
                continue;
            }

            order.Add(table);
            if (table is TableArraySyntax array)
            {
                string name = array.Name!.ToString()!.Trim();
                order.AddRange(tables.Where(t => t is TableArraySyntax && t != table && !order.Contains(t) && t.Name!.ToString()!.Trim() == name));
            }
        }

        if (order.SequenceEqual(tables))
        {
            return text;
        }

        var regrouped = new System.Text.StringBuilder();
        foreach (KeyValueSyntax item in document.KeyValues)
        {
            regrouped.Append(item);
        }

        foreach (TableSyntaxBase table in order)
        {
            // A table's text may end without a newline (the file's last line).
            string part = table.ToString()!;
            regrouped.Append(part).Append(part.EndsWith('\n') ? "" : "\n");
        }

        return regrouped.ToString();
    }

    // The first line whose end, with what comes before it, makes Tomlyn throw; a binary search, as a prefix that throws
    // throws when longer too.
    private static int FirstFailingLine(string text, string file)
    {
        string[] lines = text.Split('\n');
        int low = 1;
        int high = lines.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            try
            {
                SyntaxParser.Parse(string.Join('\n', lines[..middle]), file);
                low = middle + 1;
            }
            catch (Exception e) when (e is ArgumentException or TomlException)
            {
                high = middle;
            }
        }

        return low;
    }

    // Tomlyn counts lines and columns from 0.
    private static ConfigDiagnostic At(string file, SourceSpan span, string message) =>
        new(file, span.Start.Line + 1, span.Start.Column + 1, message);

    private static DeadmanSettings Convert(string file, SettingsDocument d)
    {
        var options = new OptionDefaults(
            Duration(d.Interval), Duration(d.Timeout), Duration(d.TrafficInterval), (int?)d.Scale, d.Bell, d.Title, d.Mouse, d.Stage,
            d.Color, d.Ascii, d.BlinkArrow, d.Logging, Endpoint(d.Metrics),
            d.SshConfig, Endpoint(d.Web?.Listen), d.Vantage);
        HealthTable health = d.Health ?? new HealthTable();
        var healthSettings = new HealthSettings(Rules(health), [.. (health.Match ?? []).Select(m => new HealthMatch(m.Group, m.Name, Rules(m)))]);
        AlertTable alert = d.Alert ?? new AlertTable();
        var alerts = new AlertSettings(
            Duration(alert.GroupWait) ?? AlertSettings.DefaultGroupWait,
            Duration(alert.Repeat) ?? AlertSettings.DefaultRepeat,
            alert.BellDegraded ?? false,
            alert.Alertmanager?.Url is { } url ? new Uri(Revealed(url)) : null,
            [.. (alert.Webhook ?? []).Select(w => new WebhookRoute(new Uri(Revealed(w.Url!)), w.Format == "slack" ? WebhookFormat.Slack : WebhookFormat.Json,
                                                                    (w.Headers ?? []).ToDictionary(h => h.Key, h => Resolved(h.Value)!, StringComparer.OrdinalIgnoreCase)))],
            [.. (alert.Exec ?? []).Select(x => new ExecRoute(x.Command!, Duration(x.Timeout) ?? AlertSettings.DefaultExecTimeout) { PassEnvironment = x.PassEnv ?? [] })]);
        return new DeadmanSettings(file, options, healthSettings, alerts)
        {
            Web = new WebSettings(d.Web?.Public ?? false, Resolved(d.Web?.Token))
            {
                Login = d.Web is { User: { } user, Password: { } password } ? new BasicLogin(user, Resolved(password)!) : null,
                Title = d.Web?.Title,
                Clock = d.Web?.Clock ?? true,
                Uplinks = [.. (d.Traffic ?? []).Where(t => t.Signage == true).Select(t => new InterfaceName(t.Host!, t.Interface!))],
            },
            Snmp = (d.Snmp?.Credentials ?? []).ToDictionary(c => c.Key, c => Credentials(c.Key, c.Value), StringComparer.Ordinal),
            Prometheus = d.Prometheus is { } p ? new PrometheusLogin(p.User, Resolved(p.Password), Resolved(p.Token)) : PrometheusLogin.None,
            Gauges = (d.Snmp?.Gauge ?? []).ToDictionary(
                g => g.Key, g => new Snmp.Gauges.GaugeDefinition(g.Key, Snmp.Oid.Parse(g.Value.Oid!), g.Value.Unit, g.Value.Warn, g.Value.Crit, g.Value.Scale ?? 1), StringComparer.Ordinal),
        };
    }

    // The checker has made sure the secrets resolve.
    private static Secret? Resolved(string? text) => text is not null && SecretSource.TryResolve(text, out string value, out _) ? new Secret(value) : null;

    private static string Revealed(string text) => Resolved(text)!.Reveal();

    // The checker has made sure the protocols parse.
    private static SnmpCredentials Credentials(string name, SnmpCredentialsTable t)
    {
        if ((t.Version ?? (t.User is null ? "2c" : "3")) == "2c")
        {
            return new SnmpCredentials(name, Resolved(t.Community), null);
        }

        Snmp.Usm.AuthProtocol auth = t.Auth is { } a && Snmp.Usm.AuthProtocols.TryParse(a, out Snmp.Usm.AuthProtocol parsed) ? parsed : Snmp.Usm.AuthProtocol.None;
        var user = new Snmp.Usm.UsmUser(t.User!, auth, Resolved(t.AuthPassword), t.Priv is null ? Snmp.Usm.PrivProtocol.None : Snmp.Usm.PrivProtocol.Aes128, Resolved(t.PrivPassword));
        return new SnmpCredentials(name, null, user);
    }

    private static HealthRules Rules(HealthRulesTable t) =>
        new((int?)t.DownAfter, (int?)t.UpAfter, Duration(t.Window), t.LossWarn, Duration(t.RttWarn), Duration(t.JitterWarn));

    private const int MinTokenLength = 16;

    private static IPEndPoint? Endpoint(string? text) =>
        text is not null && EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out IPEndPoint endpoint) ? endpoint : null;

    private static TimeSpan? Duration(string? text) => text is not null && DurationParser.TryParse(text, out TimeSpan value) ? value : null;

    /// <summary>Walks the syntax tree, path by path, reporting what the schema does not allow.</summary>
    private sealed class Checker(string file, List<ConfigDiagnostic> problems)
    {
        private static readonly string[] s_passwords = ["auth_password", "priv_password"];

        public void Table(TableSyntaxBase table)
        {
            string name = Name(table.Name!);
            bool isArray = table is TableArraySyntax;
            string path = SettingsSchema.Normalize(isArray ? name + "[]" : name);
            if (!SettingsSchema.Keys.TryGetValue(path, out SettingKind kind) || kind != (isArray ? SettingKind.TableArray : SettingKind.Table))
            {
                string? known = SettingsSchema.Keys.Where(k => k.Value is SettingKind.Table or SettingKind.TableArray)
                    .Select(k => k.Value == SettingKind.TableArray ? $"[[{k.Key.TrimEnd('[', ']')}]]" : $"[{k.Key}]")
                    .FirstOrDefault(k => k.Trim('[', ']') == name);
                Report(table.Name!.Span, known is not null
                    ? $"{name} is written {known}"
                    : $"unknown table [{name}]{Hint(SettingsSchema.Leaf(name), SettingsSchema.Children(SettingsSchema.Parent(path)))}");
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (KeyValueSyntax item in table.Items)
            {
                KeyValue(path, item, seen);
            }

            if (path == "health.match[]" && !seen.Contains("group") && !seen.Contains("name"))
            {
                Report(table.Name!.Span, "[[health.match]] needs group = \"…\" or name = \"…\" to say which hosts it is for");
            }

            if (path is "alert.webhook[]" && !seen.Contains("url"))
            {
                Report(table.Name!.Span, "[[alert.webhook]] needs url = \"http://…\"");
            }

            if (path is "traffic[]" && !(seen.Contains("host") && seen.Contains("interface")))
            {
                Report(table.Name!.Span, "[[traffic]] needs host = \"…\" and interface = \"…\": a host line's name and one of its traffic= interfaces");
            }

            if (path is "prometheus" && seen.Contains("user") != seen.Contains("password"))
            {
                Report(table.Name!.Span, "[prometheus] basic authentication needs both user = \"…\" and password = \"…\"");
            }

            if (path is "prometheus" && seen.Contains("token") && seen.Contains("user"))
            {
                Report(table.Name!.Span, "[prometheus] logs in with user and password, or with a token, not both");
            }

            if (path is "web" && seen.Contains("user") != seen.Contains("password"))
            {
                Report(table.Name!.Span, "[web] basic authentication needs both user = \"…\" and password = \"…\"");
            }

            if (path is "snmp.credentials.*")
            {
                Credentials(table.Name!.Span, name, table.Items.Select(i => (Name(i.Key!), i.Value)));
            }

            if (path is "snmp.gauge.*")
            {
                Gauge(table.Name!.Span, name["snmp.gauge.".Length..], seen);
            }

            if (path is "alert.exec[]" && !seen.Contains("command"))
            {
                Report(table.Name!.Span, "[[alert.exec]] needs command = [\"program\", \"argument\", …]");
            }
        }

        public void KeyValue(string table, KeyValueSyntax item, HashSet<string>? seen = null)
        {
            string key = Name(item.Key!);
            string path = SettingsSchema.Normalize(table.Length == 0 ? key : $"{table}.{key}");
            seen?.Add(key);
            if (!SettingsSchema.Keys.TryGetValue(path, out SettingKind kind))
            {
                string where = table.Length == 0 ? "" : $" in [{table.Replace("[]", "", StringComparison.Ordinal)}]";
                Report(item.Key!.Span, $"unknown key '{key}'{where}{Hint(SettingsSchema.Leaf(key), SettingsSchema.Children(SettingsSchema.Parent(path)))}");
                return;
            }

            Value(path, key, kind, item.Value!);
        }

        private void Value(string path, string key, SettingKind kind, ValueSyntax value)
        {
            switch (kind)
            {
                case SettingKind.Table when value is InlineTableSyntax inline:
                    foreach (InlineTableItemSyntax entry in inline.Items)
                    {
                        KeyValue(path, entry.KeyValue!);
                    }

                    if (path is "snmp.credentials.*")
                    {
                        Credentials(value.Span, $"snmp.credentials.{key}", inline.Items.Select(i => (Name(i.KeyValue!.Key!), i.KeyValue.Value)));
                    }

                    if (path is "snmp.gauge.*")
                    {
                        Gauge(value.Span, key, inline.Items.Select(i => Name(i.KeyValue!.Key!)));
                    }

                    break;
                case SettingKind.Table or SettingKind.TableArray:
                    Report(value.Span, $"'{key}' is a table: write [{path.TrimEnd('[', ']')}] and its keys below it");
                    break;
                case SettingKind.Headers when value is InlineTableSyntax headers:
                    foreach (InlineTableItemSyntax entry in headers.Items)
                    {
                        if (entry.KeyValue!.Value is not StringValueSyntax { Value: { } header })
                        {
                            Report(entry.KeyValue.Value!.Span, $"header '{Name(entry.KeyValue.Key!)}' must be a string");
                        }
                        else if (!SecretSource.TryResolve(header, out _, out string? unresolved))
                        {
                            Report(entry.KeyValue.Value.Span, $"header '{Name(entry.KeyValue.Key!)}': {unresolved}");
                        }
                    }

                    break;
                case SettingKind.Headers:
                    Report(value.Span, "'headers' must be an inline table of strings: headers = { Authorization = \"Bearer …\" }");
                    break;
                case SettingKind.Command:
                    Command(value);
                    break;
                case SettingKind.EnvironmentNames:
                    EnvironmentNames(key, value);
                    break;
                case SettingKind.Boolean when value is not BooleanValueSyntax:
                    Report(value.Span, $"'{key}' must be true or false");
                    break;
                case SettingKind.Count or SettingKind.Scale:
                    long most = kind == SettingKind.Count ? 1000 : 10_000;
                    if (value is not IntegerValueSyntax { Value: var count } || count < 1 || count > most)
                    {
                        Report(value.Span, $"'{key}' must be a whole number from 1 to {most}");
                    }

                    break;
                case SettingKind.Percent:
                    double? percent = value switch { IntegerValueSyntax i => i.Value, FloatValueSyntax f => f.Value, _ => null };
                    if (percent is not (> 0 and <= 100))
                    {
                        Report(value.Span, $"'{key}' must be a percentage above 0 and at most 100 (a number, without %)");
                    }

                    break;
                case SettingKind.Number:
                    double? number = value switch { IntegerValueSyntax i => i.Value, FloatValueSyntax f => f.Value, _ => null };
                    if (number is not { } n || !double.IsFinite(n))
                    {
                        Report(value.Span, $"'{key}' must be a number (118, 0.5)");
                    }
                    else if (key == "scale" && n == 0)
                    {
                        Report(value.Span, "'scale' multiplies what the agent says: 0 would make every value 0");
                    }

                    break;
                case SettingKind.Boolean:
                    break;
                default:
                    String(key, kind, value);
                    break;
            }
        }

        private void String(string key, SettingKind kind, ValueSyntax value)
        {
            if (value is not StringValueSyntax { Value: { } text })
            {
                Report(value.Span, $"'{key}' must be a string{Example(kind)}");
                return;
            }

            // A secret's key may name where it lives ("env:NAME", "file:/path"); it is checked as what it holds.
            if (kind is SettingKind.Token or SettingKind.Url)
            {
                if (!SecretSource.TryResolve(text, out string resolved, out string? unresolved))
                {
                    Report(value.Span, $"'{key}': {unresolved}");
                    return;
                }

                text = resolved;
            }

            string? problem = kind switch
            {
                SettingKind.Duration when !DurationParser.TryParse(text, out TimeSpan d) || d < TimeSpan.FromMilliseconds(1) =>
                    $"'{key}': '{text}' is not a duration of 1ms or more{Example(kind)}",
                SettingKind.Endpoint when !EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out _) =>
                    $"'{key}': '{text}' is not PORT, ADDRESS:PORT or [IPv6]:PORT",
                SettingKind.Url when !Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https") =>
                    $"'{key}': '{UrlText.Redacted(text)}' is not an http:// or https:// URL",
                SettingKind.WebhookFormat when text is not ("json" or "slack") =>
                    $"'{key}' must be \"json\" or \"slack\"{Hint(text, ["json", "slack"])}",
                SettingKind.Path or SettingKind.Glob or SettingKind.Text when text.Length == 0 => $"'{key}' is empty",
                SettingKind.SecretSource when !SecretSource.TryResolve(text, out _, out string? unresolvable) => $"'{key}': {unresolvable}",
                SettingKind.SnmpVersion when text is not ("2c" or "3") => $"'{key}' must be \"2c\" or \"3\"",
                SettingKind.SnmpAuth when !Snmp.Usm.AuthProtocols.TryParse(text, out _) =>
                    $"'{key}': '{text}' is not sha512, sha384, sha256, sha224, sha (SHA-1) or md5{Hint(text.ToLowerInvariant(), ["sha512", "sha384", "sha256", "sha224", "sha", "md5"])}",
                SettingKind.SnmpPriv when Snmp.Usm.AuthProtocols.Spelling(text) is "des" or "3des" or "tripledes" =>
                    $"'{key}': DES is refused: its 56-bit key is found by brute force within a day; use priv = \"aes\" (AES-128)",
                SettingKind.SnmpPriv when Snmp.Usm.AuthProtocols.Spelling(text) is "aes192" or "aes256" or "aes192c" or "aes256c" =>
                    $"'{key}': AES-192 and AES-256 are not supported: vendors extend their keys in two different ways (Blumenthal's draft, Cisco's); use priv = \"aes\" (AES-128, RFC 3826)",
                SettingKind.SnmpPriv when Snmp.Usm.AuthProtocols.Spelling(text) is not ("aes" or "aes128" or "aescfb128") => $"'{key}': '{text}' is not aes (AES-128)",
                SettingKind.Oid when !Snmp.Oid.TryParse(text, out _) =>
                    $"'{key}': '{text}' is not a numeric OID (\"1.3.6.1.4.1.8072.1.3.2.3.1.1.7.99.108.105.101.110.116.115\"; snmptranslate -On turns a name into one)",
                SettingKind.Vantage when !VantageName.IsValid(text) => $"'{key}': {VantageName.Rule}",
                SettingKind.Token when text.Length < MinTokenLength =>
                    $"'{key}' must be {MinTokenLength} characters or more: a short one is guessed (openssl rand -hex 16 makes one)",
                _ => null,
            };
            if (problem is not null)
            {
                Report(value.Span, problem);
            }
        }

        // What a [snmp.credentials.NAME] needs as a whole: a community (v2c) or a user (v3), and passwords that go
        // with protocols. Each key's own value is checked as it is met.
        private void Credentials(SourceSpan span, string name, IEnumerable<(string Key, ValueSyntax? Value)> items)
        {
            var values = items.Where(i => i.Value is StringValueSyntax).ToDictionary(i => i.Key, i => ((StringValueSyntax)i.Value!).Value ?? "", StringComparer.Ordinal);
            string? version = values.GetValueOrDefault("version") ?? (values.ContainsKey("user") ? "3" : values.ContainsKey("community") ? "2c" : null);
            string? problem = version switch
            {
                null => "needs community = \"…\" (SNMPv2c) or user = \"…\" (SNMPv3)",
                "2c" when !values.ContainsKey("community") => "is version 2c and needs community = \"…\"",
                "3" when !values.ContainsKey("user") => "is version 3 and needs user = \"…\"",
                "3" when values.ContainsKey("auth") != values.ContainsKey("auth_password") => "needs auth and auth_password together (auth = \"sha256\", auth_password = \"…\")",
                "3" when values.ContainsKey("priv") != values.ContainsKey("priv_password") => "needs priv and priv_password together (priv = \"aes\", priv_password = \"…\")",
                "3" when values.ContainsKey("priv") && !values.ContainsKey("auth") => "has privacy without authentication, which SNMPv3 does not allow: add auth and auth_password",
                "3" when s_passwords.Any(k => values.TryGetValue(k, out string? v) && SecretSource.TryResolve(v, out string secret, out _) && secret.Length < 8) =>
                    "has a password under 8 characters, which SNMPv3 agents refuse (RFC 3414 §11.2)",
                _ => null,
            };
            if (problem is not null)
            {
                Report(span, $"[{name}] {problem}");
            }
        }

        // What a [snmp.gauge.NAME] needs as a whole: an OID, and a name a host line's gauges= can list.
        private void Gauge(SourceSpan span, string name, IEnumerable<string> keys)
        {
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                Report(span, $"[snmp.gauge.{name}]: a gauge's name is listed in gauges= on host lines, so letters, digits, '_' and '-' only");
            }

            if (!keys.Contains("oid"))
            {
                Report(span, $"[snmp.gauge.{name}] needs oid = \"…\": the numeric OID of the value to read");
            }
        }

        private void Command(ValueSyntax value)
        {
            if (value is not ArraySyntax array || array.Items.ChildrenCount == 0)
            {
                Report(value.Span, "'command' must be an array: the program, then its arguments (no shell), e.g. [\"/usr/local/bin/page\", \"--team\", \"noc\"]");
                return;
            }

            foreach (ArrayItemSyntax item in array.Items)
            {
                if (item.Value is not StringValueSyntax { Value.Length: > 0 })
                {
                    Report(item.Value!.Span, "every word of 'command' must be a non-empty string");
                }
            }
        }

        private void EnvironmentNames(string key, ValueSyntax value)
        {
            if (value is not ArraySyntax array)
            {
                Report(value.Span, $"'{key}' must be an array of environment variable names, e.g. [\"PAGER_TOKEN\"]");
                return;
            }

            foreach (ArrayItemSyntax item in array.Items)
            {
                if (item.Value is not StringValueSyntax { Value: { } name } || !IsEnvironmentName(name))
                {
                    Report(item.Value!.Span, $"every word of '{key}' must be an environment variable's name (letters, digits and '_', not starting with a digit)");
                }
            }
        }

        private static bool IsEnvironmentName(string name) =>
            name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

        private static string Example(SettingKind kind) => kind switch
        {
            SettingKind.Duration => " (examples: \"500ms\", \"60s\", \"2m\")",
            SettingKind.Url => " (\"http://127.0.0.1:9093\")",
            _ => "",
        };

        private static string Hint(string typed, IEnumerable<string> known) =>
            Suggestion.Nearest(typed, known) is { } near ? $"; did you mean '{near}'?" : "";

        private void Report(SourceSpan span, string message) => problems.Add(At(file, span, message));

        private static string Name(KeySyntax key)
        {
            var parts = new List<string> { Part(key.Key!) };
            foreach (DottedKeyItemSyntax dotted in key.DotKeys)
            {
                parts.Add(Part(dotted.Key!));
            }

            return string.Join('.', parts);
        }

        private static string Part(BareKeyOrStringValueSyntax part) => part switch
        {
            BareKeySyntax bare => bare.Key!.Text!,
            StringValueSyntax quoted => quoted.Value!,
            _ => part.ToString()!,
        };
    }
}

/// <summary>The settings, or why they could not be read.</summary>
public sealed record SettingsResult(DeadmanSettings? Settings, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool HasErrors => Settings is null;
}
