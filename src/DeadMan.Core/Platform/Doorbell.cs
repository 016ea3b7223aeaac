using System.Runtime.InteropServices;
using static DeadMan.Core.Platform.LinuxNative;

namespace DeadMan.Core.Platform;

/// <summary>
/// A timed sleep that another thread can end early, for the engine loop that wakes once a slot: one poll(2) on an
/// eventfd. <see cref="Thread.Sleep(int)"/> and the runtime's wait handles pass through its managed wait subsystem
/// (a condition variable, a mutex and a futex per wait), and with the engine's threads waiting that way 1,000 hosts
/// at 1 Hz cost 1.2 µs of CPU a probe more (measured, native).
/// </summary>
internal sealed unsafe class Doorbell : IDisposable
{
    private readonly int _fd;

    public Doorbell()
    {
        _fd = EventFd(0, EfdCloexec);
        if (_fd < 0)
        {
            throw new IOException($"cannot make an eventfd: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Sleeps until <see cref="Ring"/> is called (at once if it was since the last wait) or the time passes.</summary>
    public void Wait(TimeSpan timeout)
    {
        var fd = new PollFd { Fd = _fd, Events = PollIn };
        if (Poll(&fd, 1, (int)Math.Ceiling(timeout.TotalMilliseconds)) > 0)
        {
            ulong count;
            Read(_fd, &count, sizeof(ulong));
        }
    }

    /// <summary>Ends a <see cref="Wait"/> under way, or the next one (any thread).</summary>
    public void Ring()
    {
        ulong one = 1;
        Write(_fd, &one, sizeof(ulong));
    }

    public void Dispose() => Close(_fd);
}
