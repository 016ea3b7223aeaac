namespace DeadMan.Core.Probing.Trace;

/// <summary>A trace that is running; its pictures reach <see cref="IProbeSink.Traced"/>. Disposing stops it (a live trace closed).</summary>
public interface ITraceRun : IDisposable
{
}

/// <summary>How a trace runs: a failure's makes a few passes back to back; a live one passes once an interval until stopped.</summary>
/// <param name="Passes">Passes to make; 0 for a live trace, which runs until disposed.</param>
/// <param name="Spacing">From one pass's start to the next one's, at the least (a pass also waits for its echoes to end).</param>
public sealed record TraceRequest(int Passes, TimeSpan Spacing)
{
    /// <summary>A host failed: three passes, each as soon as the last ended (mtr's report mode, made short).</summary>
    public static TraceRequest OnFailure { get; } = new(3, TimeSpan.Zero);

    public bool Live => Passes == 0;
}
