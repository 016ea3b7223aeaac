using System.Diagnostics;
using System.Net;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Probing;

/// <summary>
/// The real engine against loopback: real sockets, real kernel replies. The test's thread pumps the engine as the
/// monitor's loop does, once per 5 ms.
/// </summary>
public sealed class IcmpEngineLoopbackTests : IDisposable
{
    private static readonly ProbeTiming s_timing = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    private readonly RecordingSink _sink = new();
    private readonly IcmpTransport _transport = IcmpTransport.Open(TimeProvider.System, s_timing);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.42")]
    [InlineData("::1")]
    public void Should_receive_every_reply_with_ttl_When_pinging_loopback(string address)
    {
        // Given
        using IProbe probe = _transport.CreateProbe(7, IPAddress.Parse(address), _sink);

        // When
        for (int round = 0; round < 20; round++)
        {
            probe.Send(round);
        }

        // Then
        Assert.True(PumpUntil(() => _sink.Reports.Count >= 20));
        Assert.Equal(Enumerable.Range(0, 20).Select(r => (long)r), _sink.Reports.Select(r => r.Round).Order());
        Assert.All(_sink.Reports, r =>
        {
            Assert.Equal(7, r.TargetId);
            Assert.Equal(ProbeOutcome.Reply, r.Result.Outcome);
            Assert.Equal((byte)64, r.Result.Ttl);
            Assert.InRange(r.Result.Rtt!.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        });
    }

    [Theory]
    [InlineData("127.0.0.1", 56)]
    [InlineData("::1", 1452)]
    public void Should_find_the_largest_size_searched_and_answer_every_round_When_loopback_carries_anything(string address, int payload)
    {
        // Given: pmtu=on over loopback (MTU 65536), the target's own echoes of the given size
        using IProbe probe = _transport.CreateProbe(8, IPAddress.Parse(address), _sink, new Core.Config.EchoSize(payload, DontFragment: true, SearchPathMtu: true));

        // When
        probe.Send(0);

        // Then: the search goes as far as it looks, its echoes reach no round; the round's own echo is answered
        Assert.True(PumpUntil(() => !_sink.PathMtus.IsEmpty && !_sink.Reports.IsEmpty));
        Assert.Equal((8, (int?)Core.Monitoring.PathMtu.MostSearched, (string?)null), Assert.Single(_sink.PathMtus));
        var (_, round, result) = Assert.Single(_sink.Reports);
        Assert.Equal((0L, ProbeOutcome.Reply), (round, result.Outcome));
    }

    [Fact]
    public void Should_tell_targets_apart_When_many_share_one_socket()
    {
        // Given: 200 targets across 127/8, all on the one IPv4 socket
        var probes = Enumerable.Range(1, 200).Select(i => _transport.CreateProbe(i, IPAddress.Parse($"127.0.{i / 250}.{(i % 250) + 1}"), _sink)).ToList();

        // When
        foreach (IProbe probe in probes)
        {
            probe.Send(0);
        }

        // Then: each target gets exactly its own reply
        Assert.True(PumpUntil(() => _sink.Reports.Count >= 200));
        Assert.Equal(Enumerable.Range(1, 200), _sink.Reports.Select(r => r.TargetId).Order());
        Assert.All(_sink.Reports, r => Assert.Equal(ProbeOutcome.Reply, r.Result.Outcome));
    }

    [Fact]
    public void Should_count_only_our_replies_When_another_ping_runs_at_the_same_time()
    {
        // Given: iputils ping hammering the same address (a raw socket sees its replies too)
        using var other = Process.Start(new ProcessStartInfo("ping", ["-n", "-q", "-c", "200", "-i", "0.005", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using IProbe probe = _transport.CreateProbe(1, IPAddress.Loopback, _sink);

        // When
        for (int round = 0; round < 50; round++)
        {
            probe.Send(round);
        }

        // Then: exactly our 50 results, each once
        Assert.True(PumpUntil(() => _sink.Reports.Count >= 50));
        Assert.True(PumpUntil(() => other.HasExited));
        Assert.Equal(50, _sink.Reports.Count);
        Assert.Equal(50, _sink.Reports.Select(r => r.Round).Distinct().Count());
    }

    private bool PumpUntil(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        for (_transport.Pump(); !done(); _transport.Pump())
        {
            if (waited.Elapsed > s_patience)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }

    public void Dispose() => _transport.Dispose();
}
