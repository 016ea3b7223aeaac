using System.Net;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing;

/// <summary>Makes the probe for a target; the monitor knows probe kinds only through this seam.</summary>
public interface IProbeFactory
{
    /// <summary>Null when this kind can be probed here; otherwise the reason, shown in the target's row.</summary>
    string? Unsupported(ProbeSpec spec);

    IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink);

    /// <summary>
    /// Starts tracing the path to a target from where its probes leave (its source, interface, namespace or VRF);
    /// pictures go to <paramref name="sink"/>'s <see cref="IProbeSink.Traced"/>. Null, with the reason in
    /// <paramref name="notTraced"/>, for kinds probed from elsewhere (a relay) or where no trace can be sent.
    /// Called on the monitor's loop.
    /// </summary>
    Trace.ITraceRun? Trace(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink, Trace.TraceRequest request, out string? notTraced)
    {
        notTraced = "not traced: this probe kind cannot trace";
        return null;
    }

    /// <summary>
    /// Once a slot, on the monitor's loop: the probes that share a socket send, read and time out here (ICMP).
    /// Kinds whose probes finish by themselves need nothing.
    /// </summary>
    void Pump()
    {
    }
}
