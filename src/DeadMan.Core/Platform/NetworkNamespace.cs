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

        return OnThreadIn(() => OpenNamespace(name), name, owned: true, action);
    }

    /// <summary>The network namespace the calling thread is in, to open more sockets there later from any thread.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle Here() => File.OpenHandle(CurrentPath);

    /// <summary>
    /// Runs <paramref name="action"/> in the namespace <paramref name="ns"/> (from <see cref="Here"/>): on the calling
    /// thread when that is where it already is, which needs no privilege, else on a thread that enters it.
    /// </summary>
    public static T Run<T>(Microsoft.Win32.SafeHandles.SafeFileHandle ns, Func<T> action) =>
        new FileInfo($"/proc/self/fd/{ns.DangerousGetHandle()}").LinkTarget == new FileInfo(CurrentPath).LinkTarget
            ? action()
            : OnThreadIn(() => ns, "the namespace of the first sockets", owned: false, action);

    // A thread of its own enters the namespace, so no other work ever runs in it, and goes back before it ends.
    private static T OnThreadIn<T>(Func<Microsoft.Win32.SafeHandles.SafeFileHandle> open, string what, bool owned, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle(CurrentPath);
                Microsoft.Win32.SafeHandles.SafeFileHandle target = open();
                try
                {
                    Enter(target.DangerousGetHandle(), what);
                }
                finally
                {
                    if (owned)
                    {
                        target.Dispose();
                    }
                }

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

    private const string CurrentPath = "/proc/thread-self/ns/net";

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
