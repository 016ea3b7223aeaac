namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// A client behind three routers in a row, with two targets on the far side and a second way around the middle
/// router (r1 → r2b → r3), for traces:
/// <code>
/// client .11.1 ── .11.2 r1 .12.1 ── .12.2 r2 .13.1 ── .13.2 r3 .14.1 ── far (.14.2, .14.3)
///                       r1 .15.1 ── .15.2 r2b .16.1 ── .16.2 r3
/// </code>
/// Addresses are 198.18.N.x (RFC 2544's benchmarking range), inside the namespaces only; the routers answer ICMP
/// errors without a rate limit. Every namespace and link goes with <see cref="Dispose"/>, and the blackhole routes over
/// the chain's prefixes in the root namespace after them.
/// </summary>
public sealed class RouterChain : IDisposable
{
    public const string ClientAddress = "198.18.11.1";
    public const string R1 = "198.18.11.2";
    public const string R2 = "198.18.12.2";
    public const string R2b = "198.18.15.2";
    public const string R3 = "198.18.13.2";
    public const string R3ViaR2b = "198.18.16.2";
    public const string FarA = "198.18.14.2";
    public const string FarB = "198.18.14.3";

    // The chain's prefixes, blackholed in the root namespace while it exists: a socket opened there by mistake sends nowhere.
    private static readonly string[] s_prefixes = [.. Enumerable.Range(11, 8).Select(n => $"198.18.{n}.0/24")];

    public RouterChain()
    {
        foreach (string prefix in s_prefixes)
        {
            Shell.RunChecked(["ip", "route", "add", "blackhole", prefix]);
        }

        Lab = new NetnsLab();
        Client = Lab.AddNamespace("c");
        Router1 = Lab.AddNamespace("r1");
        Router2 = Lab.AddNamespace("r2");
        Router2b = Lab.AddNamespace("r2b");
        Router3 = Lab.AddNamespace("r3");
        Far = Lab.AddNamespace("far");
        (ClientLink, _) = Lab.Link(Client, ClientAddress + "/24", Router1, R1 + "/24");
        Lab.Link(Router1, "198.18.12.1/24", Router2, R2 + "/24");
        (MiddleLink, _) = Lab.Link(Router2, "198.18.13.1/24", Router3, R3 + "/24");
        (_, FarLink) = Lab.Link(Router3, "198.18.14.1/24", Far, FarA + "/24");
        Lab.Exec(Far, "ip", "addr", "add", FarB + "/24", "dev", FarLink);
        Lab.Link(Router1, "198.18.15.1/24", Router2b, R2b + "/24");
        Lab.Link(Router2b, "198.18.16.1/24", Router3, R3ViaR2b + "/24");
        foreach (string router in new[] { Router1, Router2, Router2b, Router3 })
        {
            Lab.Sysctl(router, "net.ipv4.ip_forward=1");
            Lab.Sysctl(router, "net.ipv4.icmp_ratelimit=0");
        }

        Route(Client, "198.18.0.0/16", R1);
        Route(Router1, "198.18.13.0/24", R2);
        Route(Router1, "198.18.14.0/24", R2);
        Route(Router1, "198.18.16.0/24", R2b);
        Route(Router2, "198.18.11.0/24", "198.18.12.1");
        Route(Router2, "198.18.14.0/24", R3);
        Route(Router2b, "198.18.11.0/24", "198.18.15.1");
        Route(Router2b, "198.18.14.0/24", R3ViaR2b);
        Route(Router3, "198.18.11.0/24", "198.18.13.1");
        Route(Router3, "198.18.12.0/24", "198.18.13.1");
        Route(Far, "198.18.0.0/16", "198.18.14.1");
        Lab.WaitUntilReachable(Client, FarA);
    }

    public NetnsLab Lab { get; }

    public string Client { get; }

    public string Router1 { get; }

    public string Router2 { get; }

    public string Router2b { get; }

    public string Router3 { get; }

    public string Far { get; }

    public string ClientLink { get; }

    /// <summary>r2's end of the r2–r3 link: set down, the path breaks after r2.</summary>
    public string MiddleLink { get; }

    public string FarLink { get; }

    /// <summary>Cuts the r2–r3 link at r2 (or mends it).</summary>
    public void CutMiddle(bool cut) => Lab.SetLink(Router2, MiddleLink, up: !cut);

    /// <summary>Sends r1's traffic for the far side around r2, through r2b (or back through r2).</summary>
    public void Detour(bool around) => Lab.Exec(Router1, "ip", "route", "replace", "198.18.14.0/24", "via", around ? R2b : R2);

    /// <summary>A router stops saying "time exceeded" (it still forwards): a hop that shows as *.</summary>
    public void Silence(string router)
    {
        Lab.Exec(router, "nft", "add table inet dmt");
        Lab.Exec(router, "nft", "add chain inet dmt out { type filter hook output priority 0 ; }");
        Lab.Exec(router, "nft", "add rule inet dmt out icmp type time-exceeded drop");
    }

    /// <summary>
    /// Two other ways in, both through r2b: a second address of the client (198.18.18.1, on a link of its own to
    /// r2b at 198.18.18.2, chosen by a rule for that source), and a namespace of its own, "side" (198.18.17.1, r2b at
    /// 198.18.17.2). Probes that leave from there meet r2b first, where the client's own meet r1.
    /// </summary>
    public (string SourceAddress, string SideNamespace) AddSideDoors()
    {
        string side = Lab.AddNamespace("side");
        Lab.Link(side, SideAddress + "/24", Router2b, SideRouter + "/24");
        Lab.Link(Client, SourceAddress + "/24", Router2b, SourceRouter + "/24");
        Route(side, "198.18.0.0/16", SideRouter);
        Lab.Exec(Client, "ip", "rule", "add", "from", SourceAddress, "lookup", "100");
        Lab.Exec(Client, "ip", "route", "add", "198.18.14.0/24", "via", SourceRouter, "table", "100");
        foreach (string prefix in new[] { "198.18.17.0/24", "198.18.18.0/24" })
        {
            Route(Router3, prefix, "198.18.16.1");
        }

        Lab.WaitUntilReachable(side, FarA);
        return (SourceAddress, side);
    }

    public const string SideAddress = "198.18.17.1";
    public const string SideRouter = "198.18.17.2";
    public const string SourceAddress = "198.18.18.1";
    public const string SourceRouter = "198.18.18.2";

    private void Route(string ns, string prefix, string via) => Lab.Exec(ns, "ip", "route", "add", prefix, "via", via);

    public void Dispose()
    {
        Lab.Dispose();
        foreach (string prefix in s_prefixes)
        {
            Shell.RunChecked(["ip", "route", "del", "blackhole", prefix]);
        }
    }
}
