using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Fakes;

/// <summary>
/// Probes that answer at once from a script: round → result. Only ICMP is supported unless <paramref name="allKinds"/>,
/// so that the "not supported" path can be tested too.
/// </summary>
public sealed class ScriptedProbeFactory(Func<int, long, ProbeResult> script, bool allKinds = false) : IProbeFactory
{
    private readonly List<ScriptedProbe> _probes = [];

    public List<(int TargetId, IPAddress Address)> Created { get; } = [];

    /// <summary>Whether each probe made so far was last told to pause.</summary>
    public IReadOnlyList<bool> Paused
    {
        get
        {
            lock (Created)
            {
                return [.. _probes.Select(p => p.Paused)];
            }
        }
    }

    public string? Unsupported(ProbeSpec spec) => allKinds || spec is IcmpProbeSpec ? null : "not supported yet";

    public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink)
    {
        var probe = new ScriptedProbe(targetId, sink, script);
        lock (Created)
        {
            Created.Add((targetId, address));
            _probes.Add(probe);
        }

        return probe;
    }

    private sealed class ScriptedProbe(int targetId, IProbeSink sink, Func<int, long, ProbeResult> script) : IProbe
    {
        public volatile bool Paused;

        public void Send(long round) => sink.Report(targetId, round, script(targetId, round));

        public void Pause(bool paused) => Paused = paused;

        public void Dispose()
        {
        }
    }
}
