namespace DeadMan.Core.Snmp.Traffic;

/// <summary>
/// Rates from two counter samples, the way MRTG, LibreNMS and Zabbix agree it must be done: Δt comes from the
/// agent's sysUpTime (the poll's own timing jitters), and a sample is dropped, never turned into a spike or a
/// negative rate, when sysUpTime went back (agent restart), the discontinuity time changed, a 64-bit counter went
/// down, or the interface at the index changed. A 32-bit counter going down is a wrap only if the rate that gives
/// is plausible for the line (at most 1.1 times its speed), and no rate above that is ever reported: a counter that
/// leaps (a reset the agent did not admit) is dropped, as MRTG drops rates above its AbsMax.
/// </summary>
public static class RateCalculator
{
    private const double TicksPerSecond = 100;
    private const double Wrap32 = 4294967296.0;
    private const double PlausibleShareOfLineRate = 1.1;

    /// <param name="wallElapsed">Time between the two polls on our clock, to tell a 497-day sysUpTime wrap from a restart.</param>
    /// <param name="speedBitsPerSecond">Line rate; 0 when unknown.</param>
    public static RateResult Between(CounterSample previous, CounterSample current, TimeSpan wallElapsed, long speedBitsPerSecond)
    {
        if (current.Name != previous.Name)
        {
            return RateResult.Drop(RateGap.InterfaceChanged, $"interface changed ({previous.Name} is now {current.Name})");
        }

        if (current.DiscontinuityTime != previous.DiscontinuityTime)
        {
            return RateResult.Drop(RateGap.CountersRestarted, "counters restarted (ifCounterDiscontinuityTime changed)");
        }

        if (current.Wide != previous.Wide)
        {
            return RateResult.Drop(RateGap.CounterWidthChanged, "counters switched between 32 and 64 bits");
        }

        double? seconds = AgentSeconds(previous.SysUpTime, current.SysUpTime, wallElapsed);
        if (seconds is not { } dt)
        {
            return RateResult.Drop(RateGap.AgentRestarted, "agent restarted (sysUpTime went back)");
        }

        if (dt <= 0 || dt < wallElapsed.TotalSeconds * 0.5)
        {
            return RateResult.Drop(RateGap.ClockMismatch, "agent clock does not match the time between polls");
        }

        double? inOctets = Delta(previous.InOctets, current.InOctets, current.Wide, dt, speedBitsPerSecond);
        double? outOctets = Delta(previous.OutOctets, current.OutOctets, current.Wide, dt, speedBitsPerSecond);
        if (inOctets is not { } i || outOctets is not { } o)
        {
            return RateResult.Drop(RateGap.CounterReset, "counter reset");
        }

        double inRate = i * 8 / dt;
        double outRate = o * 8 / dt;
        return Plausible(inRate, speedBitsPerSecond) && Plausible(outRate, speedBitsPerSecond)
            ? RateResult.Of(inRate, outRate)
            : RateResult.Drop(RateGap.AboveLineRate, "counter leapt past the line speed (set speed= if the agent understates it)");
    }

    private static bool Plausible(double bitsPerSecond, long speed) => speed <= 0 || bitsPerSecond <= speed * PlausibleShareOfLineRate;

    // Δ of sysUpTime in seconds; a 32-bit wrap (after 497 days) counts only if it matches our own clock.
    private static double? AgentSeconds(uint previous, uint current, TimeSpan wallElapsed)
    {
        if (current >= previous)
        {
            return (current - previous) / TicksPerSecond;
        }

        double wrapped = (current + Wrap32 - previous) / TicksPerSecond;
        double wall = wallElapsed.TotalSeconds;
        return wrapped >= wall * 0.5 && wrapped <= (wall * 1.5) + 1 ? wrapped : null;
    }

    private static double? Delta(ulong previous, ulong current, bool wide, double seconds, long speed)
    {
        if (current >= previous)
        {
            return current - previous;
        }

        if (wide)
        {
            return null;
        }

        // A "32-bit" value past 2^32 can only come from a broken agent: no wrap explains going down from it.
        double wrapped = current + Wrap32 - previous;
        return wrapped >= 0 && Plausible(wrapped * 8 / seconds, speed) ? wrapped : null;
    }
}
