using System.Net;
using System.Net.Sockets;

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
    private readonly string? _pingPath;
    private readonly ProbeTiming _timing;
    private readonly string? _v6Failure;
    private string? _v4Failure;

    // Where the system ping's probes leave from (ping -I), for a placed transport on the fallback.
    private SourceBinding? _pingSource;

    private IcmpTransport(IcmpEngine? v4, IcmpEngine? v6, string? pingPath, ProbeTiming timing, string? warning, string? v6Failure)
    {
        _v4 = v4;
        _v6 = v6;
        _pingPath = pingPath;
        _timing = timing;
        Warning = warning;
        _v6Failure = v6Failure;
    }

    /// <summary>Set when probing runs on the slow fallback: says so, and how to enable the fast path.</summary>
    public string? Warning { get; }

    /// <summary>ICMP packets read on the shared sockets that answered none of our waiting probes.</summary>
    public long DroppedPackets => (_v4?.DroppedPackets ?? 0) + (_v6?.DroppedPackets ?? 0);

    /// <summary>Opens the sockets; throws <see cref="IcmpUnavailableException"/> when IPv4 has no way at all.</summary>
    /// <param name="only">Restrict to one socket mode (tests use it to exercise each path).</param>
    public static IcmpTransport Open(TimeProvider time, ProbeTiming timing, IcmpSocketMode? only = null)
    {
        IcmpEngine? v4 = TryOpen(AddressFamily.InterNetwork, time, timing, only, null, out string? v4Failure);
        IcmpEngine? v6 = TryOpen(AddressFamily.InterNetworkV6, time, timing, only, null, out string? v6Failure);
        string? pingPath = v4 is null || v6 is null ? FindOnPath("ping") : null;
        if (v4 is null && pingPath is null)
        {
            v6?.Dispose();
            throw new IcmpUnavailableException($"cannot open ICMP socket: {FastPathHint} ({v4Failure}; no `ping` found on PATH to fall back on)");
        }

        string? warning = v4Failure ?? (pingPath is not null ? v6Failure : null);
        return new IcmpTransport(v4, v6, pingPath, timing,
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
        (IcmpEngine? V4, IcmpEngine? V6, string? V4Failure, string? V6Failure) Open()
        {
            IcmpEngine? v4 = TryOpen(AddressFamily.InterNetwork, time, timing, null, source, out string? v4Failure);
            IcmpEngine? v6 = TryOpen(AddressFamily.InterNetworkV6, time, timing, null, source, out string? v6Failure);
            return (v4, v6, v4Failure, v6Failure);
        }

        var (v4, v6, v4Failure, v6Failure) = ns is null ? Open() : Platform.NetworkNamespace.Run(ns, Open);
        if (v4 is null && v6 is null && ns is null && source is { } only && (only.Address is null) != (only.Device is null)
            && unplaced?._pingPath is { } ping)
        {
            return new IcmpTransport(null, null, ping, timing, null, v6Failure) { _v4Failure = v4Failure, _pingSource = only };
        }

        return v4 is null && v6 is null
            ? throw new IcmpUnavailableException(v4Failure ?? v6Failure ?? "no ICMP socket")
            : new IcmpTransport(v4, v6, null, timing, null, v6Failure) { _v4Failure = v4Failure };
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
    }

    internal IProbe CreateProbe(int targetId, IPAddress address, IProbeSink sink)
    {
        IcmpEngine? engine = address.AddressFamily == AddressFamily.InterNetworkV6 ? _v6 : _v4;
        if (engine is not null)
        {
            return engine.CreateProbe(targetId, address, sink);
        }

        string? failure = _pingSource?.Mismatch(address.AddressFamily)
            ?? (address.AddressFamily == AddressFamily.InterNetworkV6 ? _v6Failure : _v4Failure);
        return _pingPath is not null && _pingSource?.Mismatch(address.AddressFamily) is null
            ? new SystemPingProbe(targetId, address, _timing, sink, _pingPath, _pingSource?.ToString())
            : new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, failure ?? "no ICMP socket"));
    }

    private static IcmpEngine? TryOpen(AddressFamily family, TimeProvider time, ProbeTiming timing, IcmpSocketMode? only, SourceBinding? source, out string? failure)
    {
        failure = null;
        if (!OperatingSystem.IsLinux())
        {
            failure = "ICMP sockets are implemented for Linux only";
            return null;
        }

        if (source?.Mismatch(family) is { } mismatch)
        {
            // An address serves its own family only; the other family keeps the interface binding, if any.
            if (source.Device is null)
            {
                failure = mismatch;
                return null;
            }

            source = source with { Address = null };
        }

        try
        {
            return new IcmpEngine(LinuxIcmpSocket.Open(family, only, source), time, timing);
        }
        catch (IcmpUnavailableException e)
        {
            failure = e.Message;
            return null;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    public void Dispose()
    {
        _v4?.Dispose();
        _v6?.Dispose();
    }
}
