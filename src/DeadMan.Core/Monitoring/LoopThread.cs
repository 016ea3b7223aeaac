namespace DeadMan.Core.Monitoring;

/// <summary>
/// A loop on a thread of its own, awaited as a task. The engine's loop is not on the thread pool: a busy or starved
/// pool delayed results by up to a second (measured).
/// </summary>
internal static class LoopThread
{
    /// <summary>
    /// Runs <paramref name="loop"/> and then, whatever happened, <paramref name="stop"/>; the task ends only after
    /// <paramref name="stop"/>, and fails with what the loop threw.
    /// </summary>
    public static Task Start(string name, Action loop, Action stop)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            if (Run(loop, stop) is { } failed)
            {
                stopped.SetException(failed);
            }
            else
            {
                stopped.SetResult();
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return stopped.Task;
    }

    // What the loop threw, if anything, once stop has run.
    private static Exception? Run(Action loop, Action stop)
    {
        try
        {
            loop();
            return null;
        }
#pragma warning disable CA1031 // handed to whoever awaits the task
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
        finally
        {
            stop();
        }
    }
}
