using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Fakes;

/// <summary>Probes that answer at once from a script: round → result. Non-ICMP kinds are "not supported".</summary>
public sealed class ScriptedProbeFactory(Func<int, long, ProbeResult> script) : IProbeFactory
{
    public List<(int TargetId, IPAddress Address)> Created { get; } = [];

    public string? Unsupported(ProbeSpec spec) => spec is IcmpProbeSpec ? null : "not supported yet";

    public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink)
    {
        lock (Created)
        {
            Created.Add((targetId, address));
        }

        return new ScriptedProbe(targetId, sink, script);
    }

    private sealed class ScriptedProbe(int targetId, IProbeSink sink, Func<int, long, ProbeResult> script) : IProbe
    {
        public void Send(long round) => sink.Report(targetId, round, script(targetId, round));

        public void Dispose()
        {
        }
    }
}
