using DeadMan.Core.Platform;

namespace DeadMan.Core.Tests.Platform;

/// <summary>Issue 13: the header names where probes leave from, read from the kernel's routing table.</summary>
public class DefaultRouteTests
{
    private const string Header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    [Theory]
    [InlineData("eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\neth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", "eth0")]
    [InlineData("wlan0\t00000000\t010200C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\neth0\t00000000\t010233C6\t0003\t0\t0\t100\t00000000\t0\t0\t0\n", "eth0")]
    [InlineData("lo\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0\n", null)]
    [InlineData("eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", null)]
    [InlineData("", null)]
    public void Should_pick_the_default_route_with_the_lowest_metric_When_reading_the_table(string routes, string? expected) =>
        Assert.Equal(expected, DefaultRoute.InterfaceOf(Header + routes));
}
