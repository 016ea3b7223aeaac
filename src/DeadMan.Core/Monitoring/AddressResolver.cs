using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Config;
using DeadMan.Core.Platform;

namespace DeadMan.Core.Monitoring;

/// <summary>Turns the address column into the address to probe: a literal with its zone, or a name looked up.</summary>
public class AddressResolver
{
    /// <summary>Throws <see cref="AddressResolutionException"/> with a message fit for the target's row.</summary>
    public virtual async Task<IPAddress> ResolveAsync(TargetAddress address, CancellationToken cancellationToken)
    {
        if (address.Literal is not null)
        {
            return Literal(address);
        }

        IPAddress[] found;
        try
        {
            found = await LookUpAsync(address.Text, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new AddressResolutionException($"cannot resolve {address.Text}: {e.Message}", e);
        }

        // Like deadman (getaddrinfo's first answer), but only families we can ping.
        return found.FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
               ?? throw new AddressResolutionException($"cannot resolve {address.Text}: no IPv4 or IPv6 address");
    }

    /// <summary>
    /// A literal address with its zone, at once: the engine probes literals from the first round without a lookup.
    /// Throws <see cref="AddressResolutionException"/> when the zone names no interface (yet).
    /// </summary>
    public static IPAddress Literal(TargetAddress address)
    {
        IPAddress literal = address.Literal ?? throw new ArgumentException($"{address.Text} is a name, not a literal", nameof(address));
        return address.Scope is null ? literal : WithScope(literal, address.Scope);
    }

    protected virtual Task<IPAddress[]> LookUpAsync(string name, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(name, cancellationToken);

    private static IPAddress WithScope(IPAddress literal, string scope)
    {
        uint index = uint.TryParse(scope, System.Globalization.CultureInfo.InvariantCulture, out uint number)
            ? number
            : OperatingSystem.IsLinux() ? LinuxNative.IfNameToIndex(scope) : 0;
        if (index == 0)
        {
            throw new AddressResolutionException($"unknown interface '{scope}' in {literal}%{scope}");
        }

        return new IPAddress(literal.GetAddressBytes(), index);
    }
}
