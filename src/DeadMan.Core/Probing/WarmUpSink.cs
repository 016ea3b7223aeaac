namespace DeadMan.Core.Probing;

/// <summary>Where a warm-up probe's one result goes: it only says that it came. A result after the wait gave up goes nowhere.</summary>
internal sealed class WarmUpSink(ManualResetEventSlim answered) : IProbeSink
{
    public void Report(int targetId, long round, ProbeResult result)
    {
        try
        {
            answered.Set();
        }
        catch (ObjectDisposedException)
        {
            // Given up on already.
        }
    }
}
