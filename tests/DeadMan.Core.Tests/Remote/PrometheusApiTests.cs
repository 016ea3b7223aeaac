using DeadMan.Core.Monitoring;
using DeadMan.Core.Remote;

namespace DeadMan.Core.Tests.Remote;

/// <summary>Issue 18: what the query API answers, read or refused with the server's words; a stale vantage never counts as up.</summary>
public sealed class PrometheusApiTests
{
    [Fact]
    public void Should_read_labels_and_values_When_the_answer_is_a_vector()
    {
        IReadOnlyList<Sample> samples = PrometheusApi.Parse("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"deadman_state","name":"ap-1f-a","vantage":"noc"},"value":[1764250000.123,"2"]},
              {"metric":{"name":"core-sw","vantage":"hall-b"},"value":[1764250000.123,"NaN"]}]}}
            """);

        Assert.Equal(("deadman_state", "ap-1f-a", "noc", 2.0), (samples[0].Label("__name__"), samples[0].Label("name"), samples[0].Label("vantage"), samples[0].Value));
        Assert.True(double.IsNaN(samples[1].Value));
        Assert.Equal("", samples[1].Label("group"));
    }

    [Theory]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"parse error at char 4"}""", "the query was refused: parse error at char 4")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "expected a vector, got a matrix")]
    [InlineData("<html>gateway</html>", "not a Prometheus query answer")]
    public void Should_say_what_is_wrong_When_the_answer_is_no_vector(string body, string expected)
    {
        var refused = Assert.Throws<RemoteException>(() => PrometheusApi.Parse(body));
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_the_worst_state_of_the_vantages_still_reporting_When_judging_a_host()
    {
        VantageReading Reading(string vantage, TargetStatus status, bool stale = false) => new(vantage, status, stale, null, null, null);

        Assert.Equal(TargetStatus.Down, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up), Reading("hall-b", TargetStatus.Down)]).Status);
        Assert.Equal(TargetStatus.Degraded, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up), Reading("hall-b", TargetStatus.Degraded)]).Status);
        // a vantage gone stale says nothing: the one still reporting decides, and with none left the host is unknown
        Assert.Equal(TargetStatus.Up, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up), Reading("hall-b", TargetStatus.Down, stale: true)]).Status);
        Assert.Equal(TargetStatus.Unknown, new RemoteHost("a", "192.0.2.1", null, "icmp", [Reading("noc", TargetStatus.Up, stale: true)]).Status);
    }
}
