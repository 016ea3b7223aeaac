using System.Net;
using System.Net.Sockets;
using DeadMan.Core.Config;
using DeadMan.Core.Platform;
using DeadMan.Core.Probing.Dns;
using DeadMan.Core.Probing.Http;
using DeadMan.Core.Probing.Icmp;
using DeadMan.Core.Probing.Relay;
using DeadMan.Core.Probing.Tcp;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Probing;

/// <summary>
/// Makes the probe of each kind. ICMP probes share one transport per placement: the machine's default, or one per
/// distinct source binding and network namespace, opened when the first target needs it. Used by one thread at a
/// time and needs no lock: the engine makes probes on its loop or before the loop starts, and disposes of the
/// factory after the loop has ended.
/// </summary>
/// <param name="sshConfig">ssh_config file for every ssh relay (<c>--ssh-config</c>); null uses the user's own.</param>
/// <param name="snmp">What via=snmp lines' snmp=NAME asks agents with; none when null.</param>
/// <param name="nameHops">
/// Name traces' hops by reverse DNS from where each trace leaves (off by default: a test's engine must not send its
/// made-up addresses' questions to the machine's resolver).
/// </param>
public sealed class ProbeFactory(IcmpTransport icmp, TimeProvider time, ProbeTiming timing, string? sshConfig = null, Settings.SnmpAgentBook? snmp = null, bool nameHops = false) : IProbeFactory, IDisposable
{
    private readonly Dictionary<(string? Namespace, SourceBinding? Source), IcmpTransport> _placed = [];
    private readonly Dictionary<(string? Namespace, SourceBinding? Source), HopNamer> _namers = [];
    private readonly Dictionary<(string Relay, string? User, string? Key, string? Os), SshRelaySession> _relays = [];
    private readonly Dictionary<RouterOsProbeSpec, RouterOsClient> _routers = [];
    private Snmp.SnmpClient? _snmp;
    private DnsTransport? _dns;

    public string? Unsupported(ProbeSpec spec) => spec switch
    {
        NetnsProbeSpec n when !NetworkNamespace.IsValidName(n.Namespace) => $"cannot probe: '{n.Namespace}' is not a network namespace name",
        NetnsProbeSpec n when !File.Exists(NetworkNamespace.PathOf(n.Namespace)) =>
            $"cannot probe: network namespace '{n.Namespace}' does not exist (ip netns list; reload once it does)",
        VrfProbeSpec v when !Directory.Exists($"/sys/class/net/{v.Vrf}") || v.Vrf.Contains('/', StringComparison.Ordinal) =>
            $"cannot probe: no VRF device '{v.Vrf}' (ip link show type vrf; reload once it exists)",
        HttpProbeSpec { TrustPath: { } ca } h when !File.Exists(ca) => $"cannot probe: tls-ca file '{h.TrustFile}' not found (looked for {ca}; reload once it is there)",
        _ => null,
    };

    public IProbe Create(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink) => spec switch
    {
        IcmpProbeSpec { Source: null } i => icmp.CreateProbe(targetId, address, sink, i.Echo),
        IcmpProbeSpec i => Placed(targetId, address, sink, null, SourceBinding.Parse(i.Source), i.Echo),
        NetnsProbeSpec n => Placed(targetId, address, sink, n.Namespace, SourceBinding.Parse(n.Source), n.Echo),
        VrfProbeSpec v => Placed(targetId, address, sink, null, VrfBinding(v), v.Echo),
        SshRelayProbeSpec r => new SshRelayProbe(targetId, address, Relay(r), sink),
        RouterOsProbeSpec r => Router(r) is { } router
            ? new RouterOsProbe(targetId, address, router, sink)
            : new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, $"relay '{r.Relay}' does not make a URL")),
        SnmpPingProbeSpec s when EndpointSyntax.TryParse(s.Agent, SnmpPingProbeSpec.DefaultPort, portAlone: false, out IPEndPoint agent) =>
            // Each request waits the probe timeout, tried twice: a silent agent is reported within a couple of rounds.
            (snmp ?? Settings.SnmpAgentBook.Empty).Agent(agent, s.Access, timing.Timeout, 1) is { } asked
                ? new SnmpPingProbe(targetId, address, _snmp ??= new Snmp.SnmpClient(), asked, timing, time, sink)
                : new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, $"snmp={s.Access.Credentials}: no such [snmp.credentials] in deadman.toml")),
        DnsProbeSpec d => new DnsProbe(targetId, new IPEndPoint(address, 53), d, _dns ??= new DnsTransport(time), timing, time, sink),
        HttpProbeSpec h => HttpProbe.Create(targetId, h, address, timing, time, sink),
        TcpProbeSpec t => TcpProbe.Create(targetId, new IPEndPoint(address, t.Port), SourceBinding.Parse(t.Source), timing, time, sink),
        _ => throw new ArgumentException($"no probe for {spec.Kind}: Unsupported() should have said why", nameof(spec)),
    };

    public Trace.ITraceRun? Trace(int targetId, ProbeSpec spec, IPAddress address, IProbeSink sink, Trace.TraceRequest request, out string? notTraced)
    {
        if (NotTracedHere(spec) is { } relayed)
        {
            notTraced = relayed;
            return null;
        }

        (string? ns, SourceBinding? source) = Placement(spec);
        string? from = ns is not null ? $"netns {ns}{(source is null ? "" : $", {source}")}" : source?.ToString();
        sink = nameHops ? new NamingSink(sink, Namer(ns, source)) : sink;
        if (ns is null && source is null)
        {
            return icmp.Trace(targetId, address, sink, request, null, out notTraced);
        }

        try
        {
            return PlacedTransport(ns, source).Trace(targetId, address, sink, request, from, out notTraced);
        }
        catch (Exception e) when (e is IcmpUnavailableException or NamespaceException)
        {
            notTraced = $"not traced: {e.Message}";
            return null;
        }
    }

    public void Pump()
    {
        icmp.Pump();
        foreach (IcmpTransport placed in _placed.Values)
        {
            placed.Pump();
        }
    }

    // One ssh session per relay host (and login): every target through it shares it.
    private SshRelaySession Relay(SshRelayProbeSpec relay)
    {
        var key = (relay.Relay, relay.User, relay.KeyPath, relay.Os);
        if (!_relays.TryGetValue(key, out SshRelaySession? session))
        {
            session = new SshRelaySession(relay, sshConfig, timing, time);
            _relays[key] = session;
        }

        return session;
    }

    private RouterOsClient? Router(RouterOsProbeSpec spec)
    {
        if (!_routers.TryGetValue(spec, out RouterOsClient? router))
        {
            try
            {
                router = new RouterOsClient(spec, timing);
            }
            catch (UriFormatException)
            {
                return null; // "[::1" and the like pass the file's host check but make no URL
            }

            _routers[spec] = router;
        }

        return router;
    }

    private IProbe Placed(int targetId, IPAddress address, IProbeSink sink, string? ns, SourceBinding? source, EchoSize? echo)
    {
        try
        {
            return PlacedTransport(ns, source).CreateProbe(targetId, address, sink, echo);
        }
        catch (Exception e) when (e is IcmpUnavailableException or NamespaceException)
        {
            // Not cached: a reload tries again, once the namespace or interface is there.
            return new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, e.Message));
        }
    }

    // Bound to the VRF device, a socket routes by the VRF's table; a source interface is enslaved to it already.
    private static SourceBinding VrfBinding(VrfProbeSpec v) => SourceBinding.Parse(v.Source) switch
    {
        null => SourceBinding.OnDevice(v.Vrf),
        { Address: { } a } => new SourceBinding(a, v.Vrf),
        { } device => device,
    };

    // Where a kind's packets leave from, which its trace's echoes leave from too.
    private static (string? Namespace, SourceBinding? Source) Placement(ProbeSpec spec) => spec switch
    {
        IcmpProbeSpec i => (null, SourceBinding.Parse(i.Source)),
        NetnsProbeSpec n => (n.Namespace, SourceBinding.Parse(n.Source)),
        VrfProbeSpec v => (null, VrfBinding(v)),
        TcpProbeSpec t => (null, SourceBinding.Parse(t.Source)),
        HttpProbeSpec h => (null, SourceBinding.Parse(h.Source)),
        _ => (null, null),
    };

    // Kinds whose packets leave from elsewhere are traced there, if at all: not from here.
    private static string? NotTracedHere(ProbeSpec spec) => spec switch
    {
        SshRelayProbeSpec r => $"not traced from here: probed from {r.Relay} over ssh",
        RouterOsProbeSpec r => $"not traced from here: probed from the router {r.Relay}",
        SnmpPingProbeSpec s => $"not traced from here: probed by the SNMP agent {s.Agent}",
        IcmpProbeSpec or NetnsProbeSpec or VrfProbeSpec or TcpProbeSpec or HttpProbeSpec or DnsProbeSpec => null,
        _ => "not traced: this probe kind cannot trace",
    };

    // One namer a placement: its questions leave as its traces do, to the servers its resolv.conf names.
    private HopNamer Namer(string? ns, SourceBinding? source)
    {
        if (!_namers.TryGetValue((ns, source), out HopNamer? namer))
        {
            // The default placement's sockets open in the process's namespace, as dns= probes' do.
            Socket Open(AddressFamily family) =>
                ns is null ? SourcedSocket(family, source) : NetworkNamespace.Run(ns, () => SourcedSocket(family, source));

            namer = new HopNamer(ResolvConf.Servers(ResolvConf.PathFor(ns)), new DnsTransport(time, Open), time);
            _namers[(ns, source)] = namer;
        }

        return namer;
    }

    private static Socket SourcedSocket(AddressFamily family, SourceBinding? source)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (source is { Address: { } address } && address.AddressFamily == family)
            {
                source.Apply(socket);
            }
            else
            {
                if (source is { Device: { } device })
                {
                    SourceBinding.BindToDevice(socket.SafeHandle.DangerousGetHandle(), device);
                }

                socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private IcmpTransport PlacedTransport(string? ns, SourceBinding? source)
    {
        if (!_placed.TryGetValue((ns, source), out IcmpTransport? transport))
        {
            transport = IcmpTransport.OpenPlaced(time, timing, ns, source, icmp);
            _placed[(ns, source)] = transport;
        }

        return transport;
    }

    public void Dispose()
    {
        _snmp?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dns?.Dispose();

        foreach (RouterOsClient router in _routers.Values)
        {
            router.Dispose();
        }

        foreach (SshRelaySession session in _relays.Values)
        {
            session.Dispose();
        }

        foreach (IcmpTransport transport in _placed.Values)
        {
            transport.Dispose();
        }

        foreach (HopNamer namer in _namers.Values)
        {
            namer.Dispose();
        }
    }
}
