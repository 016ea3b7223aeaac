using System.Collections.Concurrent;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Tests.Fakes;

/// <summary>Collects every report, for probes under test.</summary>
public sealed class RecordingSink : IProbeSink
{
    public ConcurrentQueue<(int TargetId, long Round, ProbeResult Result)> Reports { get; } = new();

    public ConcurrentQueue<(int TargetId, long Round, bool Answers)> Verdicts { get; } = new();

    public void Report(int targetId, long round, ProbeResult result) => Reports.Enqueue((targetId, round, result));

    public void Verdict(int targetId, long round, bool answers) => Verdicts.Enqueue((targetId, round, answers));

    public ConcurrentQueue<(int TargetId, int? Bytes, string? UnknownBecause)> PathMtus { get; } = new();

    public void PathMtu(int targetId, int? bytes, string? unknownBecause) => PathMtus.Enqueue((targetId, bytes, unknownBecause));

    /// <summary>Waits (bounded) until <paramref name="count"/> reports arrived; real sockets answer on their own time.</summary>
    public bool WaitFor(int count, TimeSpan limit)
    {
        return SpinWait.SpinUntil(() => Reports.Count >= count, limit);
    }
}
