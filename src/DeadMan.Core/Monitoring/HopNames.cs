using System.Net;
using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Names a trace's hops after the rows of the host list: a NOC lists its switches and routers, so the row's name
/// ("sw-dist-2") is the name the operator knows, and wins over the reverse DNS name the tracer may have found.
/// </summary>
internal static class HopNames
{
    public static PathTrace Apply(PathTrace trace, IEnumerable<MonitoredTarget> targets)
    {
        Dictionary<IPAddress, string>? names = null;
        var hops = new TraceHop[trace.Hops.Count];
        for (int i = 0; i < hops.Length; i++)
        {
            TraceHop hop = trace.Hops[i];
            if (hop.Address is { } address)
            {
                names ??= Index(targets);
                hop = names.TryGetValue(address, out string? name) ? hop with { Name = name } : hop;
            }

            hops[i] = hop;
        }

        return trace with { Hops = Array.AsReadOnly(hops) };
    }

    private static Dictionary<IPAddress, string> Index(IEnumerable<MonitoredTarget> targets)
    {
        var names = new Dictionary<IPAddress, string>();
        foreach (MonitoredTarget target in targets)
        {
            if (target.State.Address is { } address)
            {
                names.TryAdd(address, target.State.Spec.Name);
            }
        }

        return names;
    }
}
