using System.Net;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>Our SNMPv2c client against a real net-snmp agent on loopback.</summary>
public sealed class SnmpClientTests : IAsyncLifetime, IDisposable
{
    private static readonly Oid s_sysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private static readonly Oid s_sysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly Oid s_ifDescr = Oid.Parse("1.3.6.1.2.1.2.2.1.2");
    private readonly SnmpdAgent _agent = new();
    private readonly SnmpClient _client = new();

    [Fact]
    public async Task Should_read_values_When_getting_over_ipv4_and_ipv6()
    {
        foreach (SnmpAgent agent in new[] { _agent.V4, _agent.V6 })
        {
            SnmpPdu response = await _client.GetAsync(agent, [s_sysUpTime, s_sysName], CancellationToken.None);

            Assert.Equal(0, response.ErrorStatus);
            Assert.Equal(BerTag.TimeTicks, response.VarBinds[0].Value.Tag);
            Assert.Equal("deadman-test-agent", response.VarBinds[1].Value.Text);
        }
    }

    [Fact]
    public async Task Should_walk_a_column_When_using_getbulk()
    {
        IReadOnlyList<VarBind> rows = await _client.WalkAsync(_agent.V4, s_ifDescr, CancellationToken.None, maxRepetitions: 2);

        Assert.Contains(rows, r => r.Value.Text == "lo");
        Assert.All(rows, r => Assert.True(r.Oid.StartsWith(s_ifDescr)));
    }

    [Fact]
    public async Task Should_step_to_the_next_object_When_using_getnext()
    {
        // sysContact.0 is followed by sysName.0
        SnmpPdu response = await _client.GetNextAsync(_agent.V4, [Oid.Parse("1.3.6.1.2.1.1.4.0")], CancellationToken.None);

        Assert.Equal(s_sysName, response.VarBinds[0].Oid);
        Assert.Equal("deadman-test-agent", response.VarBinds[0].Value.Text);
    }

    [Fact]
    public async Task Should_return_the_exceptions_When_objects_do_not_exist()
    {
        SnmpPdu response = await _client.GetAsync(_agent.V4,
            [Oid.Parse("1.3.6.1.2.1.80.1.2.1.1"), Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.999")], CancellationToken.None);

        Assert.Equal(BerTag.NoSuchObject, response.VarBinds[0].Value.Tag);
        Assert.Equal(BerTag.NoSuchInstance, response.VarBinds[1].Value.Tag);
    }

    [Fact]
    public async Task Should_say_no_response_When_the_community_is_wrong()
    {
        var wrong = _agent.V4 with { Community = "not-this-one", Timeout = TimeSpan.FromMilliseconds(200), Retries = 1 };

        var error = await Assert.ThrowsAsync<SnmpTimeoutException>(() => _client.GetAsync(wrong, [s_sysUpTime], CancellationToken.None));

        Assert.StartsWith($"no response from 127.0.0.1:{_agent.Port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_match_every_answer_to_its_request_When_hundreds_are_in_flight()
    {
        // When: 300 requests at once, each for a different object
        Oid[] oids = Enumerable.Range(0, 300).Select(i => Oid.Parse(i % 2 == 0 ? "1.3.6.1.2.1.1.5.0" : "1.3.6.1.2.1.1.6.0")).ToArray();
        SnmpPdu[] responses = await Task.WhenAll(oids.Select(o => _client.GetAsync(_agent.V4 with { Retries = 3 }, [o], CancellationToken.None)));

        // Then: each got the answer to its own question
        for (int i = 0; i < oids.Length; i++)
        {
            Assert.Equal(oids[i], responses[i].VarBinds[0].Oid);
            Assert.Equal(i % 2 == 0 ? "deadman-test-agent" : "test", responses[i].VarBinds[0].Value.Text);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _client.DisposeAsync();

    public void Dispose() => _agent.Dispose();
}
