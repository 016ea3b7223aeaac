using System.Net;
using DeadMan.Core.Probing;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Probing;

/// <summary>The fallback probe runs the system ping on its own cadence, so it, not the scheduler, must stop for a pause.</summary>
public sealed class SystemPingProbeTests
{
    private static readonly ProbeTiming s_timing = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Should_stop_the_system_ping_while_paused_and_start_it_again_When_resumed()
    {
        // Given: a loopback address no other test uses, so its ping process can be told apart, answering
        var address = IPAddress.Parse($"127.83.{Environment.ProcessId % 250}.{Random.Shared.Next(1, 250)}");
        var sink = new RecordingSink();
        using var probe = new SystemPingProbe(7, address, s_timing, sink, "ping");
        probe.Send(0);
        Assert.True(sink.WaitFor(1, s_patience), "the system ping never answered");

        // When
        probe.Pause(true);
        probe.Send(1);

        // Then: no ping runs for the address (a round asked for while paused starts none), until resumed
        Assert.True(SpinWait.SpinUntil(() => PingsOf(address) == 0, s_patience), "ping still runs while paused");
        Assert.Equal(0, PingsOf(address));
        probe.Pause(false);
        probe.Send(2);
        Assert.True(sink.WaitFor(2, s_patience), "the system ping did not start again");
        Assert.Equal([0L, 2L], sink.Reports.Select(r => r.Round));
    }

    private static int PingsOf(IPAddress address) => Directory.EnumerateDirectories("/proc")
        .Select(d => Path.Combine(d, "cmdline"))
        .Count(cmdline =>
        {
            try
            {
                string[] argv = File.ReadAllText(cmdline).Split('\0');
                return argv.Length > 1 && Path.GetFileName(argv[0]) == "ping" && argv.Contains(address.ToString());
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });
}
