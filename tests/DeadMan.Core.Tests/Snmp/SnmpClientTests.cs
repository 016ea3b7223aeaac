using System.Net;
using System.Net.Sockets;
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
    public async Task Should_split_the_request_in_halves_and_keep_the_order_When_the_agent_answers_too_big()
    {
        // Given: a stub agent that answers tooBig to more than 8 varbinds (net-snmp never sends tooBig to v2c: it
        // drops an answer that does not fit a datagram, so the split is proved against this stub)
        using var stub = new TooBigAgentStub(maxVarBinds: 8);
        var oids = Enumerable.Range(1, 50).Select(i => Oid.Parse($"1.3.6.1.2.1.2.2.1.2.{i}")).ToList();

        // When
        SnmpPdu response = await _client.GetAsync(SnmpAgent.V2c(stub.Endpoint, "public"), oids, CancellationToken.None);

        // Then: every value, in the order asked, from requests small enough for the agent
        Assert.Equal(0, response.ErrorStatus);
        Assert.Equal(oids.Select(o => o.ToString()), response.VarBinds.Select(v => v.Value.Text));
        Assert.All(stub.Answered, size => Assert.InRange(size, 1, 8));
        Assert.Equal(50, stub.Answered.Sum());
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

    /// <summary>A stub SNMP agent on loopback that answers tooBig above a number of varbinds, else echoes each OID as its value.</summary>
    private sealed class TooBigAgentStub : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly Task _serving;
        private readonly int _maxVarBinds;

        public TooBigAgentStub(int maxVarBinds)
        {
            _maxVarBinds = maxVarBinds;
            _serving = ServeAsync();
        }

        public IPEndPoint Endpoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

        /// <summary>Sizes of the requests answered with values.</summary>
        public List<int> Answered { get; } = [];

        private async Task ServeAsync()
        {
            while (true)
            {
                UdpReceiveResult datagram;
                try
                {
                    datagram = await _socket.ReceiveAsync();
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    return; // disposed
                }

                Assert.True(SnmpMessage.TryDecode(datagram.Buffer, out SnmpMessage? request, out _));
                IReadOnlyList<VarBind> asked = request!.Pdu.VarBinds;
                bool tooBig = asked.Count > _maxVarBinds;
                if (!tooBig)
                {
                    Answered.Add(asked.Count);
                }

                var answer = request with
                {
                    Pdu = request.Pdu with
                    {
                        Type = BerTag.Response,
                        ErrorStatus = tooBig ? SnmpPdu.TooBig : 0,
                        VarBinds = tooBig ? asked : [.. asked.Select(v => new VarBind(v.Oid, SnmpValue.OfOctets(System.Text.Encoding.ASCII.GetBytes(v.Oid.ToString()))))],
                    },
                };
                await _socket.SendAsync(answer.Encode(), datagram.RemoteEndPoint);
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    public void Dispose() => _agent.Dispose();
}
