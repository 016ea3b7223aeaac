using System.Net;
using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Fakes;

/// <summary>Probes whose rounds wait, unanswered, until the test releases them: results arriving when the test says.</summary>
public sealed class HeldProbeFactory : IProbeFactory
{
    private readonly List<(IProbeSink Sink, int TargetId, long Round)> _held = [];

    public string? Unsupported(ProbeSpec spec) => null;

    public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink) => new HeldProbe(this, targetId, sink);

    /// <summary>Answers every round sent so far with a 2 ms reply, removed targets' rounds included (late answers).</summary>
    public void ReleaseAll()
    {
        (IProbeSink Sink, int TargetId, long Round)[] held;
        lock (_held)
        {
            held = [.. _held];
            _held.Clear();
        }

        foreach (var (sink, targetId, round) in held)
        {
            sink.Report(targetId, round, ProbeResult.Reply(TimeSpan.FromMilliseconds(2), 64));
        }
    }

    private sealed class HeldProbe(HeldProbeFactory factory, int targetId, IProbeSink sink) : IProbe
    {
        public void Send(long round)
        {
            lock (factory._held)
            {
                factory._held.Add((sink, targetId, round));
            }
        }

        public void Dispose()
        {
        }
    }
}
