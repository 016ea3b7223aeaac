namespace DeadMan.Core.Probing.Icmp;

/// <summary>One target's view of the shared engine of its address family, and of its path MTU search if it has one.</summary>
internal sealed class IcmpProbe(IcmpEngine engine, EchoWaiter waiter, PathMtuSearch? search = null) : IProbe
{
    public void Send(long round)
    {
        engine.Send(waiter, round);
        search?.RoundSent();
    }

    // The engine outlives its probes; results for a removed target are dropped by the monitor by id.
    public void Dispose()
    {
    }
}
