namespace DeadMan.Core.Probing;

/// <summary>
/// Probes one target. <see cref="Send"/> must not block: the outcome of each round reaches the
/// <see cref="IProbeSink"/> given at creation exactly once, later, on any thread.
/// </summary>
public interface IProbe : IDisposable
{
    void Send(long round);
}
