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

        var checker = new SettingsChecker(file, problems);
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
    internal static ConfigDiagnostic At(string file, SourceSpan span, string message) =>
        new(file, span.Start.Line + 1, span.Start.Column + 1, message);

    private static DeadmanSettings Convert(string file, SettingsDocument d)
    {
        OptionDefaults options = OptionKeys.Read(d.Options) with { Web = Endpoint(d.Web?.Listen) };
        HealthTable health = d.Health ?? new HealthTable();
        HealthRules top = HealthRuleKeys.Read(health.Rules);
        // cert_warn's default is not among those every host has (only an https host has a certificate to warn of):
        // written as it is, it changes nothing.
        top = top.CertWarn == HealthRules.DefaultCertWarn ? top with { CertWarn = null } : top;
        var healthSettings = new HealthSettings(top, [.. (health.Match ?? []).Select(m => new HealthMatch(m.Group, m.Name, HealthRuleKeys.Read(m.Rules)))])
        {
            Maintenance = [.. (d.Maintenance ?? []).Select(m => new MaintenanceWindow(new HealthMatch(m.Group, m.Name, HealthRules.None),
                m.Start is { } start ? MaintenanceTimes.Zoned(start) : null, m.End is { } end ? MaintenanceTimes.Zoned(end) : null,
                m.Every is { } every ? WeeklyTime.Parse(every) : null, Duration(m.Duration), m.Note))],
        };
        return new DeadmanSettings(file, options, healthSettings, Alerts(d.Alert ?? new AlertTable()))
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

    private static AlertSettings Alerts(AlertTable alert) => new(
        Duration(alert.GroupWait) ?? AlertSettings.DefaultGroupWait,
        Duration(alert.Repeat) ?? AlertSettings.DefaultRepeat,
        alert.BellDegraded ?? false,
        alert.Alertmanager?.Url is { } url ? new Uri(Revealed(url)) : null,
        [.. (alert.Webhook ?? []).Select(w => new WebhookRoute(new Uri(Revealed(w.Url!)), w.Format == "slack" ? WebhookFormat.Slack : WebhookFormat.Json,
                                                                (w.Headers ?? []).ToDictionary(h => h.Key, h => Resolved(h.Value)!, StringComparer.OrdinalIgnoreCase)))],
        [.. (alert.Exec ?? []).Select(x => new ExecRoute(x.Command!, Duration(x.Timeout) ?? AlertSettings.DefaultExecTimeout) { PassEnvironment = x.PassEnv ?? [] })])
    {
        PathChanged = alert.PathChanged ?? false,
    };

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

    private static IPEndPoint? Endpoint(string? text) =>
        text is not null && EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out IPEndPoint endpoint) ? endpoint : null;

    private static TimeSpan? Duration(string? text) => text is not null && DurationParser.TryParse(text, out TimeSpan value) ? value : null;
}
