using DeadMan.Core.Probing.Trace;

namespace DeadMan.Core.Monitoring;

/// <summary>Whether two traces that reached a host went different ways, beyond what ECMP spreads and silent hops hide.</summary>
internal static class PathTraceComparison
{
    /// <summary>
    /// True when they differ in length, or at some distance both heard from a router and neither heard the other's
    /// there (ECMP's alternatives seen in either trace are the same path).
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

            bool same = was.Address.Equals(now.Address) || was.Others.Contains(now.Address) || now.Others.Contains(was.Address);
            if (!same)
            {
                return true;
            }
        }

        return false;
    }
}
