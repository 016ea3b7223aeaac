namespace DeadMan.Core.Probing;

/// <summary>Where probes report. Implementations must be cheap and thread-safe: receivers call it on their own threads.</summary>
public interface IProbeSink
{
    void Report(int targetId, long round, ProbeResult result);
}
