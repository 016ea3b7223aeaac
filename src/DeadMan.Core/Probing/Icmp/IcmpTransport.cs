using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Icmp;

/// <summary>
/// How this machine sends ICMP, decided once at start for each family: a shared ping socket, a shared raw socket,
/// or, when neither is allowed, one system <c>ping</c> process per target.
/// </summary>
public sealed class IcmpTransport : IDisposable
{
    public const string FastPathHint =
        "run, as root, `setcap cap_net_raw+ep $(which deadman)` or allow ping sockets with `sysctl net.ipv4.ping_group_range='0 2147483647'`";

    private readonly IcmpEngine? _v4;
    private readonly IcmpEngine? _v6;
    private readonly SocketPlace? _place;
    private readonly string? _pingPath;
    private readonly ProbeTiming _timing;
    private readonly string? _v6Failure;
    private string? _v4Failure;

    // Where the system ping's probes leave from (ping -I), for a placed transport on the fallback.
    private SourceBinding? _pingSource;

    // Per family, the engine whose socket sends long echoes the other way from the first's
    // (LinuxIcmpSocket.DontFragmentByDefault), opened where the first ones were when a size= line first needs it.
    private IcmpEngine? _v4OtherWay;
    private IcmpEngine? _v6OtherWay;

    private IcmpTransport(IcmpEngine? v4, IcmpEngine? v6, SocketPlace? place, string? pingPath, ProbeTiming timing, string? warning, string? v6Failure)
    {
        _v4 = v4;
        _v6 = v6;
        _place = place;
        _pingPath = pingPath;
        _timing = timing;
        Warning = warning;
        _v6Failure = v6Failure;
    }

    /// <summary>Set when probing runs on the slow fallback: says so, and how to enable the fast path.</summary>
    public string? Warning { get; }

    /// <summary>ICMP packets read on the shared sockets that answered none of our waiting probes.</summary>
    public long DroppedPackets => Engines.Sum(e => e.DroppedPackets);

    private IEnumerable<IcmpEngine> Engines => new[] { _v4, _v6, _v4OtherWay, _v6OtherWay }.OfType<IcmpEngine>();

    /// <summary>Opens the sockets; throws <see cref="IcmpUnavailableException"/> when IPv4 has no way at all.</summary>
    /// <param name="only">Restrict to one socket mode (tests use it to exercise each path).</param>
    public static IcmpTransport Open(TimeProvider time, ProbeTiming timing, IcmpSocketMode? only = null)
    {
        var place = new SocketPlace(OperatingSystem.IsLinux() ? Platform.NetworkNamespace.Here() : null, time, timing, only, null);
        IcmpEngine? v4 = place.Open(AddressFamily.InterNetwork, null, out string? v4Failure);
        IcmpEngine? v6 = place.Open(AddressFamily.InterNetworkV6, null, out string? v6Failure);
        string? pingPath = v4 is null || v6 is null ? FindOnPath("ping") : null;
        if (v4 is null && pingPath is null)
        {
            v6?.Dispose();
            place.Dispose();
            throw new IcmpUnavailableException($"cannot open ICMP socket: {FastPathHint} ({v4Failure}; no `ping` found on PATH to fall back on)");
        }

        string? warning = v4Failure ?? (pingPath is not null ? v6Failure : null);
        return new IcmpTransport(v4, v6, place, pingPath, timing,
            warning is null ? null : $"warning: {warning}; using one system ping process per target, which is slow. For the fast path {FastPathHint}.",
            v6Failure);
    }

    /// <summary>
    /// Sockets for probes that leave from a given source or interface, or from inside a network namespace (opened
    /// there, then used from anywhere). When the machine's own transport runs on system ping (no privileges), a source
    /// address or interface alone falls back to it too (<c>ping -I</c>), so an unprivileged user's source= lines work;
    /// a namespace cannot be entered without privileges. Throws <see cref="IcmpUnavailableException"/> or
    /// <see cref="Platform.NamespaceException"/> with the reason when neither family can be opened.
    /// </summary>
    /// <param name="unplaced">The machine's own transport: its fallback, if it has one, is this one's.</param>
    public static IcmpTransport OpenPlaced(TimeProvider time, ProbeTiming timing, string? ns, SourceBinding? source, IcmpTransport? unplaced = null)
    {
        (SocketPlace Place, IcmpEngine? V4, IcmpEngine? V6, string? V4Failure, string? V6Failure) Open()
        {
            var place = new SocketPlace(Platform.NetworkNamespace.Here(), time, timing, null, source);
            IcmpEngine? v4 = place.Open(AddressFamily.InterNetwork, null, out string? v4Failure);
            IcmpEngine? v6 = place.Open(AddressFamily.InterNetworkV6, null, out string? v6Failure);
            return (place, v4, v6, v4Failure, v6Failure);
        }

        var (place, v4, v6, v4Failure, v6Failure) = ns is null ? Open() : Platform.NetworkNamespace.Run(ns, Open);
        if (v4 is null && v6 is null)
        {
            place.Dispose();
            if (ns is null && source is { } only && (only.Address is null) != (only.Device is null) && unplaced?._pingPath is { } ping)
            {
                return new IcmpTransport(null, null, null, ping, timing, null, v6Failure) { _v4Failure = v4Failure, _pingSource = only };
            }

            throw new IcmpUnavailableException(v4Failure ?? v6Failure ?? "no ICMP socket");
        }

        return new IcmpTransport(v4, v6, place, null, timing, null, v6Failure) { _v4Failure = v4Failure };
    }

    /// <summary>"datagram", "raw" or "system ping", per family, for the report and the benchmark.</summary>
    public string Describe(AddressFamily family) => (family == AddressFamily.InterNetworkV6 ? _v6 : _v4) switch
    {
        { Mode: IcmpSocketMode.Datagram } => "ping socket",
        { Mode: IcmpSocketMode.Raw } => "raw socket",
        _ => _pingPath is null ? "unavailable" : "system ping",
    };

    /// <summary>A slot's work on the shared sockets (<see cref="IcmpEngine.Pump"/>); the monitor's loop calls it.</summary>
    public void Pump()
    {
        _v4?.Pump();
        _v6?.Pump();
        _v4OtherWay?.Pump();
        _v6OtherWay?.Pump();
    }

    internal IProbe CreateProbe(int targetId, IPAddress address, IProbeSink sink, EchoSize? echo = null)
    {
        EchoSize shape = echo ?? EchoSize.Default;
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        IcmpEngine? first = v6 ? _v6 : _v4;
        if (first is not null)
        {
            // An echo that fits every path leaves the same way with DF set or not, so it takes the first socket.
            int onTheWire = shape.PayloadBytes + 8 + (v6 ? 40 : 20);
            string? failure = null;
            IcmpEngine? engine = onTheWire <= (v6 ? 1280 : 576) ? first : Engine(v6, shape.DontFragment, out failure);
            // A search sends its echoes whole, whatever the target's own do.
            IcmpEngine? whole = engine is not null && shape.SearchPathMtu ? Engine(v6, dontFragment: true, out failure) : null;
            return engine is null || (shape.SearchPathMtu && whole is null)
                ? new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, failure ?? "no ICMP socket"))
                : engine.CreateProbe(targetId, address, sink, shape.PayloadBytes,
                                     whole is null ? null : new PathMtuSearch(whole, targetId, IcmpDestination.For(address), sink, shape.PayloadBytes));
        }

        string? reason = _pingSource?.Mismatch(address.AddressFamily) ?? (v6 ? _v6Failure : _v4Failure);
        if (shape.SearchPathMtu)
        {
            // ping cannot be asked for one echo of a chosen size at a time: the detail says why there is no figure.
            sink.PathMtu(targetId, null, "not searched without an ICMP socket of deadman's own (cap_net_raw, or ping sockets allowed)");
        }

        return _pingPath is not null && _pingSource?.Mismatch(address.AddressFamily) is null
            ? new SystemPingProbe(targetId, address, _timing, sink, _pingPath, _pingSource?.ToString(), shape)
            : new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, reason ?? "no ICMP socket"));
    }

    /// <summary>
    /// Traces the path to <paramref name="address"/> from where this transport's echoes leave; null, with the
    /// reason, where it has no socket of deadman's own for the family (system ping cannot set a TTL per echo).
    /// </summary>
    internal Trace.ITraceRun? Trace(int targetId, IPAddress address, IProbeSink sink, Trace.TraceRequest request, string? from, out string? notTraced)
    {
        IcmpEngine? engine = address.AddressFamily == AddressFamily.InterNetworkV6 ? _v6 : _v4;
        notTraced = engine is null ? "not traced: needs an ICMP socket of deadman's own (cap_net_raw, or ping sockets allowed)" : null;
        return engine?.Trace(targetId, address, sink, request, from);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    // The family's engine that sends long echoes whole, or lets them be fragmented: the first one, or the other,
    // opened the first time it is needed.
    private IcmpEngine? Engine(bool v6, bool dontFragment, out string? failure)
    {
        failure = null;
        IcmpEngine first = (v6 ? _v6 : _v4)!;
        if (first.DontFragment == dontFragment)
        {
            return first;
        }

        ref IcmpEngine? other = ref v6 ? ref _v6OtherWay : ref _v4OtherWay;
        return other ??= _place!.Open(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, dontFragment, out failure);
    }

    public void Dispose()
    {
        foreach (IcmpEngine engine in Engines)
        {
            engine.Dispose();
        }

        _place?.Dispose();
    }

    /// <summary>
    /// Where a transport's sockets are opened, and with what: the network namespace its first ones were opened in, the
    /// socket mode, the source binding. A socket opened later (for long echoes sent the other way) goes there too.
    /// </summary>
    private sealed class SocketPlace(Microsoft.Win32.SafeHandles.SafeFileHandle? ns, TimeProvider time, ProbeTiming timing, IcmpSocketMode? only, SourceBinding? source) : IDisposable
    {
        /// <param name="dontFragment">How long echoes leave (null: the family's default way).</param>
        public IcmpEngine? Open(AddressFamily family, bool? dontFragment, out string? failure)
        {
            failure = null;
            if (!OperatingSystem.IsLinux() || ns is null)
            {
                failure = "ICMP sockets are implemented for Linux only";
                return null;
            }

            SourceBinding? binding = source;
            if (binding?.Mismatch(family) is { } mismatch)
            {
                // An address serves its own family only; the other family keeps the interface binding, if any.
                if (binding.Device is null)
                {
                    failure = mismatch;
                    return null;
                }

                binding = binding with { Address = null };
            }

            try
            {
                return Platform.NetworkNamespace.Run(ns, () => new IcmpEngine(LinuxIcmpSocket.Open(family, only, binding, dontFragment), time, timing));
            }
            catch (Exception e) when (e is IcmpUnavailableException or Platform.NamespaceException)
            {
                failure = e.Message;
                return null;
            }
        }

        public void Dispose() => ns?.Dispose();
    }
}
