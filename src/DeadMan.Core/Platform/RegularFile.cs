using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DeadMan.Core.Platform;

/// <summary>
/// Reads a whole file that must be a regular one, without ever blocking on something else: a FIFO opened for
/// reading waits for a writer forever (a <c>--check</c> hung that way, and the reload thread would), and a directory
/// or device is never a config. The file is opened non-blocking first and its type taken from the open descriptor,
/// so nothing can be swapped in between the check and the read.
/// </summary>
public static class RegularFile
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>The file's bytes, or why they cannot be had (<paramref name="problem"/>); never throws for what a user can cause.</summary>
    public static byte[]? TryReadAll(string path, long maxBytes, out string problem)
    {
        problem = "";
        if (!OperatingSystem.IsLinux())
        {
            return TryReadPortably(path, maxBytes, out problem);
        }

        int fd = LinuxNative.Open(path, LinuxNative.ORdOnly | LinuxNative.ONonBlock | LinuxNative.OCloexec | LinuxNative.ONoCtty);
        if (fd < 0)
        {
            problem = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!TryStat(fd, out int mode, out long size, out problem))
        {
            return null;
        }

        if ((mode & TypeMask) != Regular)
        {
            problem = $"is {Describe(mode)}, not a regular file";
            return null;
        }

        return size > maxBytes ? TooLarge(maxBytes, out problem) : Read(handle, maxBytes, out problem);
    }

    private static unsafe bool TryStat(int fd, out int mode, out long size, out string problem)
    {
        byte* buffer = stackalloc byte[LinuxNative.StatxLength];
        if (LinuxNative.Statx(fd, "", LinuxNative.AtEmptyPath, LinuxNative.StatxType | LinuxNative.StatxSize, buffer) != 0)
        {
            (mode, size) = (0, 0);
            problem = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return false;
        }

        var stat = new ReadOnlySpan<byte>(buffer, LinuxNative.StatxLength);
        mode = BinaryPrimitives.ReadUInt16LittleEndian(stat[LinuxNative.StatxModeOffset..]);
        size = (long)BinaryPrimitives.ReadUInt64LittleEndian(stat[LinuxNative.StatxSizeOffset..]);
        problem = "";
        return true;
    }

    private static string Describe(int mode) => (mode & TypeMask) switch
    {
        0x4000 => "a directory",
        0x1000 => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a file",
    };

    // The size said at open may change while it is read (an editor still writing): read at most one byte past the limit.
    private static byte[]? Read(SafeFileHandle handle, long maxBytes, out string problem)
    {
        using var content = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = RandomAccess.Read(handle, chunk, content.Length)) > 0)
            {
                content.Write(chunk, 0, read);
                if (content.Length > maxBytes)
                {
                    return TooLarge(maxBytes, out problem);
                }
            }
        }
        catch (IOException e)
        {
            problem = e.Message;
            return null;
        }

        problem = "";
        return content.ToArray();
    }

    private static byte[]? TooLarge(long maxBytes, out string problem)
    {
        problem = $"is larger than {maxBytes / (1024 * 1024)} MiB, the most deadman reads";
        return null;
    }

    private static byte[]? TryReadPortably(string path, long maxBytes, out string problem)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > maxBytes)
            {
                return TooLarge(maxBytes, out problem);
            }

            problem = "";
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }
}
