using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using DeadMan.Core.Text;

namespace DeadMan.Core.Tests.Text;

/// <summary>Issue 30: text from outside reaches no output as a control character or a bidirectional override.</summary>
public class SafeTextTests
{
    [Theory]
    [InlineData("core-sw", "core-sw")]
    [InlineData("会議室 A", "会議室 A")]
    [InlineData("evil\u001b]0;PWNED\u0007", "evil\\x1b]0;PWNED\\x07")]
    [InlineData("a\rb\vc\fd\u0085e\tf", "a\\x0db\\x0bc\\x0cd\\x85e\\x09f")]
    [InlineData("admin\u202Etxt.exe", "admin\\u202etxt.exe")]
    [InlineData("x\u2066y\u2069\u200Fz\u2028", "x\\u2066y\\u2069\\u200fz\\u2028")]
    public void Should_write_what_would_move_or_reorder_the_text_as_an_escape_When_made_safe(string text, string safe) =>
        Assert.Equal(safe, SafeText.Line(text));

    [Fact]
    public void Should_print_what_a_relay_said_safely_When_a_headless_report_shows_it()
    {
        // Given: a host whose relay answered with escape sequences (its words end up in NOTE)
        TargetSpec spec = ConfigParser.Parse("core 192.0.2.1", "t.conf").Targets.Single();
        var state = new TargetState(0, spec, 16, null, DateTimeOffset.UnixEpoch);
        state.Apply(0, ProbeResult.Failed(ProbeOutcome.RelayFailed, "relay said \u001b[2J\u001b]2;owned\u0007"), DateTimeOffset.UnixEpoch);

        // When
        var output = new StringWriter();
        RunReport.WriteText(new MonitorSnapshot(1, DateTimeOffset.UnixEpoch, [new MonitorRow(state.View, null)]), output);

        // Then
        Assert.Contains("relay said \\x1b[2J\\x1b]2;owned\\x07", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output.ToString());
    }
}
