using System.Net;
using System.Text;
using DeadMan.Core.Probing.Dns;

namespace DeadMan.Core.Probing.Trace;

/// <summary>
/// Names a trace's hops by reverse DNS, asked from where the trace left: the servers of that place's resolv.conf,
/// over a socket in its namespace with its source, so a router known only inside a VRF or namespace is named as it
/// is known there. A failure is when the network is least able to answer, so a trace waits for names at most
/// <see cref="Budget"/>, and every answer (and every silence) is remembered: a storm of traces through the same
/// routers asks once. Thread-safe: the tracer names on the engine's thread, answers come on the DNS reader's.
/// </summary>
internal sealed class HopNamer : IDisposable
{
    /// <summary>How long a trace's last pass waits for its hops' names before it is told without them.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    // Routers are renamed rarely; a server that did not answer is asked again after a while, not on every trace.
    private static readonly TimeSpan s_named = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_unnamed = TimeSpan.FromMinutes(5);
    private const int LongestName = 63;

    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly DnsTransport _dns;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Known> _known = [];
    private readonly Dictionary<IPAddress, Task<string?>> _asking = [];

    public HopNamer(IReadOnlyList<IPEndPoint> servers, DnsTransport dns, TimeProvider time)
    {
        _servers = servers;
        _dns = dns;
        _time = time;
    }

    /// <summary>
    /// The trace with the names already known, and whether every hop that could have one has been asked about
    /// (none left to wait for); the others are asked now, for the next pass or <see cref="NameAsync"/>.
    /// </summary>
    public PathTrace Named(PathTrace trace, out bool complete)
    {
        complete = true;
        if (_servers.Count == 0)
        {
            return trace;
        }

        DateTimeOffset now = _time.GetUtcNow();
        TraceHop[]? named = null;
        lock (_lock)
        {
            for (int i = 0; i < trace.Hops.Count; i++)
            {
                TraceHop hop = trace.Hops[i];
                if (!Worth(hop, trace.Destination, out IPAddress? address))
                {
                    continue;
                }

                if (_known.TryGetValue(address, out Known known) && known.Until > now)
                {
                    if (known.Name is not null)
                    {
                        named ??= [.. trace.Hops];
                        named[i] = hop with { Name = known.Name };
                    }

                    continue;
                }

                complete = false;
                if (!_asking.ContainsKey(address))
                {
                    // On the pool: never answered (or failed) while this lock is held.
                    _asking[address] = Task.Run(() => AskAsync(address));
                }
            }
        }

        return named is null ? trace : trace with { Hops = Array.AsReadOnly(named) };
    }

    /// <summary>The trace named with what answers within <see cref="Budget"/>; never throws.</summary>
    public async Task<PathTrace> NameAsync(PathTrace trace)
    {
        PathTrace named = Named(trace, out bool complete);
        if (complete)
        {
            return named;
        }

        Task<string?>[] asked;
        lock (_lock)
        {
            asked = [.. _asking.Values];
        }

        try
        {
            await Task.WhenAll(asked).WaitAsync(Budget, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Told with the names that came; the rest are remembered when they come, for the next trace.
        }

        return Named(trace, out _);
    }

    // A router's address; the host itself is named by its row, and loopback by nobody.
    private static bool Worth(TraceHop hop, IPAddress destination, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = hop.Address;
        return address is not null && !hop.IsDestination && !address.Equals(destination) && !IPAddress.IsLoopback(address);
    }

    // The servers in their order, each given a share of the budget: the first name given is the hop's.
    private async Task<string?> AskAsync(IPAddress address)
    {
        string? name = null;
        var query = new DnsQuery(DnsQuery.ReverseName(address), DnsRecordType.PTR);
        TimeSpan share = Budget / _servers.Count;
        foreach (IPEndPoint server in _servers)
        {
            try
            {
                if (await _dns.AskUdpAsync(server, query, share, CancellationToken.None).ConfigureAwait(false) is { } message
                    && DnsAnswer.Read(message, query, out _) is { Rcode: 0 } answer
                    && answer.Records is [var record, ..])
                {
                    name = Printable(record.Text);
                    break;
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or Platform.NamespaceException)
            {
                // Unreachable from where the trace left (a namespace with no way to its resolver): no name.
            }
        }

        lock (_lock)
        {
            _known[address] = new Known(name, _time.GetUtcNow() + (name is null ? s_unnamed : s_named));
            _asking.Remove(address);
        }

        return name;
    }

    // A name from whatever network answered goes onto the operator's terminal: printable ASCII only, not too long.
    private static string? Printable(string name)
    {
        var text = new StringBuilder(Math.Min(name.Length, LongestName));
        foreach (char c in name.TrimEnd('.'))
        {
            if (text.Length == LongestName)
            {
                break;
            }

            text.Append(c is > ' ' and < (char)0x7F ? c : '?');
        }

        return text.Length == 0 ? null : text.ToString();
    }

    public void Dispose() => _dns.Dispose();

    private readonly record struct Known(string? Name, DateTimeOffset Until);
}
