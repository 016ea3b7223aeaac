namespace DeadMan.Core.Probing.Trace;

/// <summary>
/// Stands between a tracer and the monitor and names the hops of each picture by reverse DNS: a pass on the way is
/// told at once with the names known (the others asked for the next), the last pass when its names have come or
/// the budget is spent, so the event and the alert carry them.
/// </summary>
internal sealed class NamingSink(IProbeSink inner, HopNamer namer) : IProbeSink
{
    public void Report(int targetId, long round, ProbeResult result) => inner.Report(targetId, round, result);

    public void Traced(int targetId, PathTrace trace)
    {
        PathTrace named = namer.Named(trace, out bool complete);
        if (!trace.Final || complete)
        {
            inner.Traced(targetId, named);
            return;
        }

        _ = namer.NameAsync(trace).ContinueWith(t => inner.Traced(targetId, t.IsCompletedSuccessfully ? t.Result : named), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
