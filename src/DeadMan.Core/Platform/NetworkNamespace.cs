using System.Runtime.InteropServices;

namespace DeadMan.Core.Platform;

/// <summary>
/// Runs code inside a named Linux network namespace (<c>ip netns add NAME</c>) without a new process: a dedicated
/// thread enters it with setns(2) and goes back before it ends. Sockets opened there stay in that namespace for their
/// whole life, whichever thread uses them later, so a probe pays for this once, not per packet.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Where iproute2 keeps named namespaces.</summary>
    public static string PathOf(string name) => $"/run/netns/{name}";

    /// <summary>A name iproute2 could have made: no path separators, no dot names.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 255 && name is not "." and not ".." && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    /// <exception cref="NamespaceException">The namespace does not exist or cannot be entered; <paramref name="action"/>'s own exceptions pass through.</exception>
    public static T Run<T>(string name, Func<T> action)
    {
        if (!IsValidName(name))
        {
            throw new NamespaceException($"'{name}' is not a network namespace name");
        }

        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = OpenNamespace(name);
                Enter(target.DangerousGetHandle(), name);
                try
                {
                    result = action();
                }
                finally
                {
                    Enter(original.DangerousGetHandle(), "the original namespace");
                }
            }
#pragma warning disable CA1031 // rethrown on the calling thread below
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return result;
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenNamespace(string name)
    {
        try
        {
            return File.OpenHandle(PathOf(name));
        }
        catch (FileNotFoundException)
        {
            throw new NamespaceException($"network namespace '{name}' does not exist (ip netns list)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new NamespaceException($"network namespace '{name}': permission denied (needs root or cap_sys_admin)");
        }
    }

    private static void Enter(nint fd, string what)
    {
        if (SetNs((int)fd, CloneNewNet) != 0)
        {
            throw new NamespaceException($"cannot enter {what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
