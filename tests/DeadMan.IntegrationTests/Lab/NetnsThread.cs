using System.Runtime.InteropServices;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// Runs code inside a network namespace without a new process: a dedicated thread enters it with setns(2).
/// Sockets opened there stay in that namespace for their whole life, whichever thread uses them later.
/// </summary>
public static partial class NetnsThread
{
    private const int CloneNewNet = 0x40000000;

    public static T Run<T>(string ns, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            using var original = File.OpenHandle("/proc/thread-self/ns/net");
            using var target = File.OpenHandle($"/run/netns/{ns}");
            try
            {
                Enter(target.DangerousGetHandle());
                result = action();
            }
#pragma warning disable CA1031 // rethrown on the calling thread below
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
            finally
            {
                Enter(original.DangerousGetHandle());
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"in namespace {ns}: {failure.Message}", failure);
    }

    private static void Enter(nint fd)
    {
        if (SetNs((int)fd, CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
