namespace DeadMan.Core.Probing.Icmp;

/// <summary>One target's view of the shared engine of its address family.</summary>
internal sealed class IcmpProbe(IcmpEngine engine, int targetId, IcmpDestination destination, IProbeSink sink) : IProbe
{
    public IProbeSink Sink { get; } = sink;

    public int TargetId { get; } = targetId;

    public IcmpDestination Destination { get; } = destination;

    public void Send(long round) => engine.Send(this, round);

    // The engine outlives its probes; results for a removed target are dropped by the monitor by id.
    public void Dispose()
    {
    }
}
