using DeadMan.Core.Config;
using DeadMan.Core.Text;
using Tomlyn.Syntax;

namespace DeadMan.Core.Settings;

/// <summary>Walks the syntax tree, path by path, reporting what the schema does not allow.</summary>
internal sealed class SettingsChecker(string file, List<ConfigDiagnostic> problems)
{
    // A web token or a login's password shorter than this is guessed.
    private const int MinTokenLength = 16;

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
                : $"unknown table [{name}]{KeyHint(name, path)}");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValueSyntax item in table.Items)
        {
            KeyValue(path, item, seen);
        }

        Together(table, path, name, seen);
    }

    // What a table needs as a whole: the keys that must come with others, and the tables that name things.
    private void Together(TableSyntaxBase table, string path, string name, HashSet<string> seen)
    {
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

        if (path is "maintenance[]")
        {
            Maintenance(table.Name!.Span, table.Items.Select(i => (Name(i.Key!), i.Value)));
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
            Report(item.Key!.Span, $"unknown key '{key}'{where}{KeyHint(key, path)}");
            return;
        }

        Value(path, key, kind, item.Value!);
    }

    private void Value(string path, string key, SettingKind kind, ValueSyntax value)
    {
        switch (kind)
        {
            case SettingKind.Table when value is InlineTableSyntax inline:
                InlineTable(path, key, inline);
                break;
            case SettingKind.Table or SettingKind.TableArray:
                Report(value.Span, $"'{key}' is a table: write [{path.TrimEnd('[', ']')}] and its keys below it");
                break;
            case SettingKind.Headers when value is InlineTableSyntax headers:
                Headers(headers);
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
            case SettingKind.Count or SettingKind.Scale or SettingKind.Percent or SettingKind.Number:
                Numeric(key, kind, value);
                break;
            case SettingKind.Boolean:
                break;
            default:
                String(key, kind, value);
                break;
        }
    }

    private void InlineTable(string path, string key, InlineTableSyntax inline)
    {
        foreach (InlineTableItemSyntax entry in inline.Items)
        {
            KeyValue(path, entry.KeyValue!);
        }

        if (path is "snmp.credentials.*")
        {
            Credentials(inline.Span, $"snmp.credentials.{key}", inline.Items.Select(i => (Name(i.KeyValue!.Key!), i.KeyValue.Value)));
        }

        if (path is "snmp.gauge.*")
        {
            Gauge(inline.Span, key, inline.Items.Select(i => Name(i.KeyValue!.Key!)));
        }
    }

    private void Headers(InlineTableSyntax headers)
    {
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
    }

    private void Numeric(string key, SettingKind kind, ValueSyntax value)
    {
        double? number = value switch { IntegerValueSyntax i => i.Value, FloatValueSyntax f => f.Value, _ => null };
        switch (kind)
        {
            case SettingKind.Count or SettingKind.Scale:
                long most = kind == SettingKind.Count ? Health.HealthValues.MostInARow : 10_000;
                if (value is not IntegerValueSyntax { Value: var count } || count < 1 || count > most)
                {
                    Report(value.Span, $"'{key}' must be a whole number from 1 to {most}");
                }

                break;
            case SettingKind.Percent when number is not (> 0 and <= 100):
                Report(value.Span, $"'{key}' must be a percentage above 0 and at most 100 (a number, without %)");
                break;
            case SettingKind.Number when number is not { } n || !double.IsFinite(n):
                Report(value.Span, $"'{key}' must be a number (118, 0.5)");
                break;
            case SettingKind.Number when key == "scale" && number == 0:
                Report(value.Span, "'scale' multiplies what the agent says: 0 would make every value 0");
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
            SettingKind.TimeLeft when !Health.HealthValues.TryRead(Health.HealthValue.TimeLeft, text, out _) =>
                $"'{key}': '{text}' is not {Health.HealthValues.Expected(Health.HealthValue.TimeLeft)}, at least an hour",
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
            SettingKind.ZonedTime when MaintenanceTimes.Zoned(text) is null =>
                $"'{key}': '{text}' is not a date and time with its offset, such as \"2026-12-08 09:00 +09:00\"",
            SettingKind.Weekly when Health.WeeklyTime.Parse(text) is null =>
                $"'{key}': '{text}' is not a day and a time, such as \"sun 02:00\" or \"sat 23:30 +09:00\"",
            SettingKind.Token when text.Length < MinTokenLength =>
                $"'{key}' must be {MinTokenLength} characters or more: a short one is guessed (openssl rand -hex 16 makes one)",
            _ => null,
        };
        if (problem is not null)
        {
            Report(value.Span, problem);
        }
    }

    // A [[maintenance]] window needs some hosts, and a time: start and end (end after start), or every and duration.
    private void Maintenance(SourceSpan span, IEnumerable<(string Key, ValueSyntax? Value)> items)
    {
        var values = items.Where(i => i.Value is StringValueSyntax).ToDictionary(i => i.Key, i => ((StringValueSyntax)i.Value!).Value ?? "", StringComparer.Ordinal);
        bool once = values.ContainsKey("start") || values.ContainsKey("end");
        bool weekly = values.ContainsKey("every") || values.ContainsKey("duration");
        string? problem = (once, weekly) switch
        {
            _ when !values.ContainsKey("group") && !values.ContainsKey("name") => "[[maintenance]] needs group = \"…\" or name = \"…\" (shell patterns, as [[health.match]])",
            (true, true) => "[[maintenance]] is once (start and end) or weekly (every and duration), not both",
            (false, false) => "[[maintenance]] needs start and end (once), or every and duration (weekly)",
            (true, _) when !values.ContainsKey("start") || !values.ContainsKey("end") => "[[maintenance]] once needs both start and end",
            (true, _) when MaintenanceTimes.Zoned(values["start"]) is { } start && MaintenanceTimes.Zoned(values["end"]) is { } end && end <= start => "[[maintenance]]: end must be after start",
            (_, true) when !values.ContainsKey("every") || !values.ContainsKey("duration") => "[[maintenance]] weekly needs both every and duration",
            _ => null,
        };
        if (problem is not null)
        {
            Report(span, problem);
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

    // "; did you mean 'interval' (-i: how often each host is probed)?": the near key, and what it is for.
    private static string KeyHint(string typed, string path)
    {
        string parent = SettingsSchema.Parent(path);
        if (Suggestion.Nearest(SettingsSchema.Leaf(typed), SettingsSchema.Children(parent)) is not { } near)
        {
            return "";
        }

        SettingKey key = SettingsSchema.All.First(k => SettingsSchema.Parent(k.Path) == parent && SettingsSchema.Leaf(k.Path) == near);
        return $"; did you mean '{near}' ({key.Help})?";
    }

    private static string Hint(string typed, IEnumerable<string> known) =>
        Suggestion.Nearest(typed, known) is { } near ? $"; did you mean '{near}'?" : "";

    private void Report(SourceSpan span, string message) => problems.Add(SettingsReader.At(file, span, message));

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
