using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing.Icmp;

namespace DeadMan.Core.Probing;

/// <summary>The probe kinds this build implements: ICMP echo. Other kinds are parsed and reported as not supported yet.</summary>
public sealed class ProbeFactory(IcmpTransport icmp) : IProbeFactory
{
    public string? Unsupported(ProbeSpec spec) => spec switch
    {
        IcmpProbeSpec { Source: null } => null,
        IcmpProbeSpec => "source=: not supported yet",
        _ => $"{ProbeKindNames.Of(spec.Kind)}: not supported yet",
    };

    public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink) =>
        spec is IcmpProbeSpec
            ? icmp.CreateProbe(targetId, address, sink)
            : throw new ArgumentException($"{spec.Kind} probes are not supported yet", nameof(spec));
}
