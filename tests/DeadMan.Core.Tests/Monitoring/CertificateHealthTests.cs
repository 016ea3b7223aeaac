using DeadMan.Core.Config;
using DeadMan.Core.Health;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Monitoring;

/// <summary>Issue 33: an https host whose certificate nears its end is degraded, and up again once it is renewed.</summary>
public class CertificateHealthTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static TargetState Portal(string options = "")
    {
        TargetSpec spec = Assert.Single(ConfigParser.Parse($"portal 192.0.2.80 url=https://register.example.org/ {options}\n", "t.conf").Targets);
        var state = new TargetState(0, spec, 64, null, s_start);
        state.SetRules(spec.Health.Over(HealthRules.Defaults), TimeSpan.FromSeconds(1));
        return state;
    }

    private static TlsCertificate Ending(DateTimeOffset end) => new("register.example.org", "Event CA", end.AddDays(-90), end, true, null);

    [Fact]
    public void Should_degrade_within_two_weeks_of_the_end_and_come_back_When_renewed()
    {
        // Given: a certificate with 20 days left, and the page answering
        TargetState state = Portal();
        state.SetCertificate(Ending(s_start.AddDays(20)), s_start);
        state.Apply(0, ProbeResult.Reply(ProbeOutcome.Reply, TimeSpan.FromMilliseconds(9), "HTTP/2 200 OK"), s_start);
        Assert.Equal(TargetStatus.Up, state.Status);

        // When: a week later, 13 days left
        TargetStatus? before = state.Apply(1, ProbeResult.Reply(ProbeOutcome.Reply, TimeSpan.FromMilliseconds(9), "HTTP/2 200 OK"), s_start.AddDays(7));

        // Then: degraded, saying why
        Assert.Equal((TargetStatus.Up, TargetStatus.Degraded), (before, state.Status));
        Assert.Equal("certificate expires in 13d", state.Reason);

        // When: the server presents a renewed certificate
        TargetStatus? renewed = state.SetCertificate(Ending(s_start.AddDays(97)), s_start.AddDays(7));

        // Then
        Assert.Equal((TargetStatus.Degraded, TargetStatus.Up), (renewed, state.Status));
        Assert.Null(state.Reason);
    }

    [Fact]
    public void Should_warn_as_early_as_the_line_asks_and_keep_down_When_the_page_fails()
    {
        // Given: cert-warn=30d, 20 days left
        TargetState state = Portal("cert-warn=30d");
        state.SetCertificate(Ending(s_start.AddDays(20)), s_start);

        // When
        state.Apply(0, ProbeResult.Reply(ProbeOutcome.Reply, TimeSpan.FromMilliseconds(9), "HTTP/2 200 OK"), s_start);

        // Then
        Assert.Equal((TargetStatus.Degraded, "certificate expires in 20d"), (state.Status, state.Reason));

        // When: the page fails: down, whatever the certificate says
        state.Apply(1, new ProbeResult(ProbeOutcome.Wrong, TimeSpan.FromMilliseconds(9), null, "HTTP 503 Service Unavailable, not 200-399"), s_start);

        // Then
        Assert.Equal(TargetStatus.Down, state.Status);
        Assert.Null(state.Reason);
    }

    [Theory]
    [InlineData("200-399", 301, true)]
    [InlineData("200-399", 404, false)]
    [InlineData("200,204,301-302", 302, true)]
    [InlineData("200,204,301-302", 201, false)]
    public void Should_accept_the_statuses_written_When_http_status_lists_them(string text, int status, bool accepted)
    {
        Assert.Equal(accepted, HttpStatusRange.Parse(text)!.Accepts(status));
    }

    [Theory]
    [InlineData("2xx")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("300-200")]
    [InlineData("200,")]
    public void Should_refuse_When_http_status_is_not_codes_and_ranges(string text)
    {
        Assert.Null(HttpStatusRange.Parse(text));
    }
}
