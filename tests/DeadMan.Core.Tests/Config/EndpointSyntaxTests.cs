using System.Net;
using DeadMan.Core.Config;

namespace DeadMan.Core.Tests.Config;

/// <summary>Issue 12: one reader of host:port for the via=snmp agent and --metrics.</summary>
public class EndpointSyntaxTests
{
    [Theory]
    [InlineData("198.51.100.3", "198.51.100.3:161")]
    [InlineData("198.51.100.3:1161", "198.51.100.3:1161")]
    [InlineData("2001:db8::1", "[2001:db8::1]:161")]
    [InlineData("[2001:db8::1]:1161", "[2001:db8::1]:1161")]
    [InlineData("[2001:db8::1]", "[2001:db8::1]:161")]
    [InlineData("localhost:1161", "127.0.0.1:1161")]
    [InlineData("agent.example", null)]
    [InlineData("198.51.100.3:0", null)]
    [InlineData("198.51.100.3:65536", null)]
    [InlineData("010.0.0.1", null)]
    [InlineData("10.1:161", null)]
    [InlineData("[2001:db8::1]x", null)]
    [InlineData("[2001:db8::1", null)]
    [InlineData("161", null)]
    public void Should_read_an_agent_with_161_as_its_port_When_none_is_written(string text, string? expected)
    {
        bool read = EndpointSyntax.TryParse(text, 161, portAlone: false, out IPEndPoint endpoint);

        Assert.Equal(expected, read ? endpoint.ToString() : null);
    }

    [Theory]
    [InlineData("9100", "127.0.0.1:9100")]
    [InlineData("0.0.0.0:9100", "0.0.0.0:9100")]
    [InlineData("[::]:9100", "[::]:9100")]
    [InlineData("localhost:9100", "127.0.0.1:9100")]
    [InlineData("localhost", null)]
    [InlineData("198.51.100.3", null)]
    [InlineData("0", null)]
    [InlineData("127.0.0.1:99999", null)]
    public void Should_read_a_port_alone_as_loopback_and_require_a_port_When_reading_a_listen_address(string text, string? expected)
    {
        bool read = EndpointSyntax.TryParse(text, defaultPort: null, portAlone: true, out IPEndPoint endpoint);

        Assert.Equal(expected, read ? endpoint.ToString() : null);
    }
}
