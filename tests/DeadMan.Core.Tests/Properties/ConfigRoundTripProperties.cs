using System.Text;
using DeadMan.Core.Config;
using DeadMan.Fuzz;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeadMan.Core.Tests.Properties;

/// <summary>
/// Issue 11: host files made of awkward names (spaces, quotes, backslashes, '#', ';', Japanese), every address form
/// and options parse to what was written, and <see cref="ConfigPrinter"/>'s output parses back to the same entries.
/// </summary>
public class ConfigRoundTripProperties
{
    private static readonly char[] s_nameChars = [.. "abcXYZ019 _.=#;\"\\東京é-\t"];
    private static readonly string[] s_addresses =
        ["192.0.2.1", "198.51.100.254", "203.0.113.7", "2001:db8::1", "2001:db8:0:1::53", "fe80::1%eth0", "localhost", "core-sw.example.org"];
    private static readonly string[] s_options = ["", "tcp=dstport:22", "source=192.0.2.9", "tcp=dstport:65535 source=eth0"];

    private static Gen<string> Word(bool title) =>
        Gen.Elements(s_nameChars).ArrayOf().Select(chars => new string(chars))
           .Where(w => w.Length > 0 && w[0] != '-' && (!title || (w.Trim('-', ' ') == w && !w.Contains('\t', StringComparison.Ordinal))));

    private static Gen<(bool Separator, string Name, string Address, string Options)> Line() =>
        Gen.OneOf(
            Word(title: true).Select(t => (true, t, "", "")),
            Gen.Zip(Word(title: false), Gen.Zip(Gen.Elements(s_addresses), Gen.Elements(s_options))).Select(l => (false, l.Item1, l.Item2.Item1, l.Item2.Item2)));

    // Written the plain way a person quotes: every word in double quotes, '\' and '"' escaped inside.
    private static string Quoted(string word) => "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [Property(MaxTest = 300)]
    public Property Should_parse_what_was_written_and_print_back_to_the_same_entries_When_names_are_awkward() =>
        Prop.ForAll(Line().ListOf().ToArbitrary(), lines =>
        {
            var text = new StringBuilder();
            foreach (var (separator, name, address, options) in lines)
            {
                text.Append(separator ? $"--- {Quoted(name)}" : $"{Quoted(name)}\t{address} {options}").Append('\n');
            }

            ConfigResult parsed = ConfigParser.Parse(text.ToString(), "p.conf");
            ConfigResult again = ConfigParser.Parse(ConfigPrinter.Print(parsed.Entries), "p.conf");
            return !parsed.HasErrors
                && parsed.Entries.Select(e => e is TargetSpec t ? $"{t.Name}|{t.Address.Text}" : $"--- {((SeparatorSpec)e).Title}")
                       .SequenceEqual(lines.Select(l => l.Separator ? $"--- {l.Name}" : $"{l.Name}|{l.Address}"))
                && !again.HasErrors
                && parsed.Entries.Select(ConfigTarget.Canonical).SequenceEqual(again.Entries.Select(ConfigTarget.Canonical));
        });
}
