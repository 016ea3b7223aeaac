namespace DeadMan.Core.Probing;

/// <summary>A probe that cannot work here (no socket for its family): every round fails with the same reason.</summary>
internal sealed class FailingProbe(int targetId, IProbeSink sink, ProbeResult failure) : IProbe
{
    public void Send(long round) => sink.Report(targetId, round, failure);

    public void Dispose()
    {
    }
}
