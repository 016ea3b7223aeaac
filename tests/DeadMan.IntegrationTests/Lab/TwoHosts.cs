namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// The smallest lab: a client namespace (where deadman runs) and a target namespace, joined by one veth link.
/// Addresses come from the benchmarking range 198.18.0.0/15 (RFC 2544) and a ULA prefix, inside the namespaces only.
/// </summary>
public sealed class TwoHosts : IDisposable
{
    public const string ClientAddress = "198.18.0.1";
    public const string TargetAddress = "198.18.0.2";
    public const string ClientAddressV6 = "fdde:ad::1";
    public const string TargetAddressV6 = "fdde:ad::2";

    public TwoHosts()
    {
        Lab = new NetnsLab();
        Client = Lab.AddNamespace("c");
        Target = Lab.AddNamespace("t");
        (ClientLink, TargetLink) = Lab.Link(Client, ClientAddress + "/24", Target, TargetAddress + "/24", ClientAddressV6 + "/64", TargetAddressV6 + "/64");
        WaitUntilReachable(TargetAddress);
        WaitUntilReachable(TargetAddressV6);
    }

    /// <summary>
    /// Pings <paramref name="address"/> from the client until it answers: a fresh veth drops the first IPv6 packets
    /// while the link settles (a second, measured, through a router); tests measure the engine, not that.
    /// </summary>
    public void WaitUntilReachable(string address) => Lab.WaitUntilReachable(Client, address);

    public NetnsLab Lab { get; }

    public string Client { get; }

    public string Target { get; }

    public string ClientLink { get; }

    public string TargetLink { get; }

    public void Dispose() => Lab.Dispose();
}
