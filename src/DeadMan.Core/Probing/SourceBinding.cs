using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeadMan.Core.Probing;

/// <summary>
/// <c>source=</c>: probes leave from this address (bind) or this interface (SO_BINDTODEVICE, which also puts the
/// socket in the interface's VRF). A device binding needs CAP_NET_RAW.
/// </summary>
public sealed record SourceBinding(IPAddress? Address, string? Device)
{
    /// <summary>An IP literal is an address; anything else names an interface.</summary>
    public static SourceBinding? Parse(string? source) =>
        source is null ? null
        : IPAddress.TryParse(source, out IPAddress? address) ? new SourceBinding(address, null)
        : new SourceBinding(null, source);

    public static SourceBinding OnDevice(string device) => new(null, device);

    /// <summary>Why this binding cannot serve a target of <paramref name="family"/>, or null.</summary>
    public string? Mismatch(AddressFamily family) =>
        Address is { } a && a.AddressFamily != family
            ? $"source {a} is {Name(a.AddressFamily)}, the target is {Name(family)}"
            : null;

    public void Apply(Socket socket)
    {
        if (Device is not null)
        {
            BindToDevice(socket.SafeHandle.DangerousGetHandle(), Device);
        }

        if (Address is not null)
        {
            socket.Bind(new IPEndPoint(Address, 0));
        }
    }

    /// <summary>SO_BINDTODEVICE on a raw descriptor; throws <see cref="SocketException"/> with the reason.</summary>
    public static void BindToDevice(nint fd, string device)
    {
        byte[] name = Encoding.ASCII.GetBytes(device + "\0");
        unsafe
        {
            fixed (byte* value = name)
            {
                if (Platform.LinuxNative.SetSockOpt((int)fd, Platform.LinuxNative.SolSocket, Platform.LinuxNative.SoBindToDevice, value, (uint)name.Length) != 0)
                {
                    int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    throw new SocketException(errno, errno switch
                    {
                        19 => $"no interface named {device}",
                        1 => $"binding to {device} needs root or cap_net_raw",
                        _ => $"cannot bind to {device}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}",
                    });
                }
            }
        }
    }

    public override string ToString() => Device is null ? Address!.ToString() : Address is null ? Device : $"{Device} {Address}";

    private static string Name(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
