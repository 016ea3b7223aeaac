namespace DeadMan.Core.Probing;

/// <summary>
/// Probes one target. <see cref="Send"/> must not block: the outcome of each round reaches the
/// <see cref="IProbeSink"/> given at creation exactly once, later, on any thread.
/// </summary>
public interface IProbe : IDisposable
{
    void Send(long round);

    /// <summary>
    /// The operator paused probing. A probe that sends only when asked needs to do nothing; one that runs on its own
    /// cadence (a system ping, a relay's remote ping) must stop sending, and forget the rounds it was waiting for:
    /// they will never be answered.
    /// </summary>
    void Pause(bool paused)
    {
    }
}
