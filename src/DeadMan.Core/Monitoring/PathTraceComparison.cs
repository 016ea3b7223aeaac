using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Monitoring;

/// <summary>Whether two traces that reached a host went different ways, beyond what ECMP spreads and silent hops hide.</summary>
internal static class PathTraceComparison
{
    /// <summary>
    /// True when they differ in length, or at some distance both heard from a router and the new one's is neither
    /// the old one's nor one of the alternatives (ECMP's) the old trace heard there. Alternatives the new trace heard
    /// excuse nothing: a route that changed during a trace's passes shows the old router as one of them.
    /// </summary>
    public static bool Differ(PathTrace before, PathTrace after)
    {
        if (before.Hops.Count != after.Hops.Count)
        {
            return true;
        }

        for (int i = 0; i < before.Hops.Count; i++)
        {
            TraceHop was = before.Hops[i];
            TraceHop now = after.Hops[i];
            if (was.Address is null || now.Address is null)
            {
                continue;
            }

            bool same = was.Address.Equals(now.Address) || was.Others.Contains(now.Address);
            if (!same)
            {
                return true;
            }
        }

        return false;
    }
}
