using System.Text.RegularExpressions;
using DeadMan.Core.Config;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Architecture;

/// <summary>
/// The samples and the man page name every key there is: a key added to the schema or to a host line's options
/// and left out of them fails here, named.
/// </summary>
public partial class DocumentationTests
{
    private static readonly string s_man = File.ReadAllText(Path.Combine(Golden.RepositoryRoot, "packaging", "deadman.1"));

    public static TheoryData<string> SettingKeys() => [.. SettingsSchema.Keys.Keys.Order(StringComparer.Ordinal)];

    public static TheoryData<string> HostOptions() => [.. ConfigParser.KnownOptions];

    [Theory]
    [MemberData(nameof(SettingKeys))]
    public void Should_name_the_key_in_the_settings_sample_and_the_man_page_When_the_schema_has_it(string path)
    {
        // Given: the sample, and the man page's DEADMAN.TOML section, where each key is in bold
        string sample = File.ReadAllText(Path.Combine(Golden.RepositoryRoot, "deadman.toml.sample"));
        string man = Section("DEADMAN.TOML");
        string leaf = SettingsSchema.Leaf(path);
        bool table = SettingsSchema.Keys[path] is SettingKind.Table or SettingKind.TableArray;

        // Then: a key is written as one (commented or not); a table by its header, or as a key's parent
        string header = Regex.Escape(path.TrimEnd('[', ']')).Replace(@"\*", "[a-z0-9_-]+", StringComparison.Ordinal);
        Assert.Matches(table ? $@"(?m)^#? ?\[\[?{header}[.\]]" : $@"(?m)^#? ?{Regex.Escape(leaf)} =", sample);
        string bold = table ? header.Replace("[a-z0-9_-]+", "NAME", StringComparison.Ordinal) : Regex.Escape(leaf);
        Assert.Matches(table ? $@"\\fB\[\[?{bold}[.\]]" : $@"\\fB{bold}\\fR", man);
    }

    public static TheoryData<string> SettingDefaults() => [.. SettingsSchema.All.Where(k => k.Default is not null).Select(k => k.Path)];

    [Theory]
    [MemberData(nameof(SettingDefaults))]
    public void Should_give_the_schemas_default_in_the_settings_sample_When_a_key_has_one(string path)
    {
        // Given
        string sample = File.ReadAllText(Path.Combine(Golden.RepositoryRoot, "deadman.toml.sample"));
        SettingKey key = SettingsSchema.All.Single(k => k.Path == path);
        string leaf = Regex.Escape(SettingsSchema.Leaf(path));
        string value = Regex.Escape(key.Default!);

        // Then: written with it (commented or not), or an example that says it: format = "slack"  # default "json"
        Assert.Matches($@"(?m)^#? ?{leaf} = ({value}(?=\s|$)|.*# default {value})", sample);
    }

    [Theory]
    [MemberData(nameof(HostOptions))]
    public void Should_name_the_option_in_the_hosts_sample_and_the_man_page_When_a_host_line_takes_it(string option)
    {
        // Given
        string sample = File.ReadAllText(Path.Combine(Golden.RepositoryRoot, "deadman.conf.sample"));
        string man = Section("DEADMAN.CONF");

        // Then: written as option= in both (groff may escape the hyphen)
        Assert.Matches($@"(?<![\w-]){Regex.Escape(option)}=", sample);
        Assert.Matches($@"(?<![\w-]){Regex.Escape(option).Replace("-", @"\\?-", StringComparison.Ordinal)}=", man);
    }

    [Fact]
    public void Should_parse_cleanly_When_the_hosts_samples_commented_examples_are_switched_on()
    {
        // Given: every commented host line of the sample ("#name  address  key=value"), uncommented
        string sample = File.ReadAllText(Path.Combine(Golden.RepositoryRoot, "deadman.conf.sample"));
        string every = string.Join('\n', sample.Split('\n').Select(l => CommentedHostLine().IsMatch(l) ? l[1..] : l));

        // When
        ConfigResult result = ConfigParser.Parse(every, "deadman.conf.sample");

        // Then: they parse (the probes are only parsed here, never started), and there were some
        Assert.Empty(result.Diagnostics);
        Assert.True(result.Targets.Count() > sample.Split('\n').Count(l => !l.StartsWith('#') && l.Trim().Length > 0 && !l.StartsWith('-')),
                    "no commented example was switched on");
    }

    private static string Section(string name)
    {
        int start = s_man.IndexOf($".SH \"{name}\"", StringComparison.Ordinal);
        int end = s_man.IndexOf(".SH ", start + 4, StringComparison.Ordinal);
        return s_man[start..end];
    }

    [GeneratedRegex(@"^#[^\s#]+\s+\S+")]
    private static partial Regex CommentedHostLine();
}
