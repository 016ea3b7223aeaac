using System.Net;
using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Tests.Probing;

public sealed class PathTraceTests
{
    private static TraceHop Hop(int distance, string? address, string? name = null, string? note = null, bool host = false, params string[] others) =>
        new(distance, address is null ? null : IPAddress.Parse(address), 3, address is null ? 0 : 3, null, null, null, null)
        {
            Name = name,
            Note = note,
            IsDestination = host,
            Others = [.. others.Select(IPAddress.Parse)],
        };

    private static PathTrace Trace(params TraceHop[] hops) =>
        new(IPAddress.Parse("198.51.100.7"), DateTimeOffset.UnixEpoch, hops, hops.Length > 0 && hops[^1].IsDestination, 3);

    [Fact]
    public void Should_name_the_last_router_and_how_far_it_is_When_the_path_stops_short()
    {
        PathTrace broken = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.9", "sw-dist-2"), Hop(3, null));

        Assert.Equal("stops after 192.0.2.9 (sw-dist-2), hop 2 of 7", broken.Summary(7));
        Assert.Equal("stops after 192.0.2.9 (sw-dist-2), hop 2", broken.Summary());
        Assert.Equal("192.0.2.9", broken.LastAnswer?.Address?.ToString());
    }

    [Fact]
    public void Should_say_what_the_router_said_When_it_has_no_way_on()
    {
        PathTrace refused = Trace(Hop(1, "192.0.2.1", note: "network unreachable"));

        Assert.Equal("stops after 192.0.2.1, hop 1: network unreachable", refused.Summary());
    }

    [Fact]
    public void Should_say_reached_When_the_host_answered()
    {
        Assert.Equal("reached in 2 hops", Trace(Hop(1, "192.0.2.1"), Hop(2, "198.51.100.7", host: true)).Summary(2));
        Assert.Equal("no hop answered", Trace(Hop(1, null)).Summary());
    }

    [Fact]
    public void Should_see_a_change_When_a_router_in_the_path_is_another()
    {
        PathTrace before = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.2"), Hop(3, "198.51.100.7", host: true));
        PathTrace around = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.66"), Hop(3, "198.51.100.7", host: true));
        PathTrace longer = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.2"), Hop(3, "192.0.2.3"), Hop(4, "198.51.100.7", host: true));

        Assert.True(PathTraceComparison.Differ(before, around));
        Assert.True(PathTraceComparison.Differ(before, longer));
    }

    [Fact]
    public void Should_see_a_change_When_the_route_moved_during_the_trace_and_the_old_router_is_among_its_alternatives()
    {
        PathTrace before = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.2"), Hop(3, "198.51.100.7", host: true));
        PathTrace moving = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.66", others: "192.0.2.2"), Hop(3, "198.51.100.7", host: true));

        Assert.True(PathTraceComparison.Differ(before, moving));
    }

    [Fact]
    public void Should_see_no_change_When_only_ECMP_or_a_silent_hop_differs()
    {
        PathTrace before = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.2", others: "192.0.2.3"), Hop(3, "198.51.100.7", host: true));
        PathTrace otherLink = Trace(Hop(1, "192.0.2.1"), Hop(2, "192.0.2.3"), Hop(3, "198.51.100.7", host: true));
        PathTrace silent = Trace(Hop(1, null), Hop(2, "192.0.2.2"), Hop(3, "198.51.100.7", host: true));

        Assert.False(PathTraceComparison.Differ(before, otherLink));
        Assert.False(PathTraceComparison.Differ(before, silent));
    }
}
