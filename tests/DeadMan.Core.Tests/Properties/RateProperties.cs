using DeadMan.Core.Snmp.Traffic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeadMan.Core.Tests.Properties;

/// <summary>
/// Issue 11: across any counter sequence — steady traffic, 32-bit wraps, agent restarts, counter resets, leaps,
/// sysUpTime wraps — no rate is negative or above the line speed, and steady traffic is measured exactly.
/// </summary>
public class RateProperties
{
    private const double Wrap32 = 4294967296.0;
    private static readonly long[] s_speeds = [0, 10_000_000, 1_000_000_000, 10_000_000_000];

    /// <summary>What happens between two polls ten seconds apart.</summary>
    private enum Step
    {
        Steady,
        AgentRestart,
        CounterReset,
        Leap,
        Anything,
    }

    /// <param name="Measurable">False when a 32-bit counter passed 2^32 octets in the interval: no one can tell how many times it wrapped.</param>
    private sealed record Poll(CounterSample Sample, Step Step, double InBits, double OutBits, bool Measurable = true);

    private static Gen<Poll[]> Polls(bool wide, long speed) =>
        Gen.Zip(Gen.Zip(Gen.Elements(Enum.GetValues<Step>()), Gen.Choose(0, 1000)), Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(900, 1100)))
           .Select(s => (Step: s.Item1.Item1, InShare: s.Item1.Item2, OutShare: s.Item2.Item1, Ticks: s.Item2.Item2))
           .ArrayOf()
           .Select(steps =>
           {
               // Start near the top of the counters, so wraps (32-bit) happen within a few polls.
               var polls = new List<Poll>();
               var sample = new CounterSample(uint.MaxValue - 5000, wide ? ulong.MaxValue / 2 : uint.MaxValue - 1_000_000, 7, wide, 0, "ge-0/0/1");
               polls.Add(new Poll(sample, Step.Steady, 0, 0));
               foreach (var (step, inShare, outShare, ticks) in steps)
               {
                   // Steady: a share of the line speed (or of 100 Mb/s when unknown) over 'ticks' centiseconds.
                   double line = speed > 0 ? speed : 100_000_000;
                   ulong inOctets = (ulong)(line * inShare / 1000 / 8 * ticks / 100);
                   ulong outOctets = (ulong)(line * outShare / 1000 / 8 * ticks / 100);
                   ulong mask = wide ? ulong.MaxValue : uint.MaxValue;
                   sample = step switch
                   {
                       Step.Steady => sample with { SysUpTime = unchecked(sample.SysUpTime + (uint)ticks), InOctets = (sample.InOctets + inOctets) & mask, OutOctets = (sample.OutOctets + outOctets) & mask },
                       Step.AgentRestart => sample with { SysUpTime = (uint)ticks },
                       Step.CounterReset => sample with { SysUpTime = unchecked(sample.SysUpTime + (uint)ticks), InOctets = inOctets & mask, OutOctets = 0 },
                       Step.Leap => sample with { SysUpTime = unchecked(sample.SysUpTime + (uint)ticks), InOctets = (sample.InOctets + (ulong)inShare * 1_000_000_000_000) & mask },
                       _ => sample with { SysUpTime = (uint)(ticks * inShare), InOctets = ((ulong)inShare * (ulong)ticks * 7919) & mask, OutOctets = ((ulong)outShare << 20) & mask },
                   };
                   double dt = ticks / 100.0;
                   polls.Add(new Poll(sample, step, inOctets * 8 / dt, outOctets * 8 / dt, wide || Math.Max(inOctets, outOctets) < Wrap32));
               }

               return polls.ToArray();
           });

    [Property(MaxTest = 300)]
    public Property Should_never_report_a_negative_rate_or_one_above_line_speed_When_counters_do_anything() =>
        Prop.ForAll(Gen.Zip(Gen.Elements(true, false), Gen.Elements(s_speeds)).SelectMany(c => Polls(c.Item1, c.Item2).Select(p => (c.Item2, p))).ToArbitrary(), run =>
        {
            var (speed, polls) = run;
            for (int i = 1; i < polls.Length; i++)
            {
                RateResult rate = RateCalculator.Between(polls[i - 1].Sample, polls[i].Sample, TimeSpan.FromSeconds(10), speed);
                if (!rate.HasRate)
                {
                    continue;
                }

                bool withinLine = speed == 0 || (rate.InBitsPerSecond <= speed * 1.1 && rate.OutBitsPerSecond <= speed * 1.1);
                bool steadyIsExact = polls[i].Step != Step.Steady || !polls[i].Measurable
                    || (Math.Abs(rate.InBitsPerSecond - polls[i].InBits) <= 8 * 100 && Math.Abs(rate.OutBitsPerSecond - polls[i].OutBits) <= 8 * 100);
                if (rate.InBitsPerSecond < 0 || rate.OutBitsPerSecond < 0 || !withinLine || !steadyIsExact)
                {
                    return false;
                }
            }

            return true;
        });

    [Property(MaxTest = 300)]
    public Property Should_measure_every_steady_interval_When_32_bit_counters_wrap() =>
        Prop.ForAll(Gen.Choose(1, 1000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), shares =>
        {
            const long speed = 1_000_000_000;
            var previous = new CounterSample(1000, uint.MaxValue - 100, 0, false, 0, "x");
            foreach (int share in shares)
            {
                ulong octets = (ulong)(speed / 8.0 * 10 * share / 1000);
                var current = previous with { SysUpTime = previous.SysUpTime + 1000, InOctets = (ulong)((previous.InOctets + octets) % Wrap32) };
                RateResult rate = RateCalculator.Between(previous, current, TimeSpan.FromSeconds(10), speed);
                if (!rate.HasRate || Math.Abs(rate.InBitsPerSecond - (octets * 8 / 10.0)) > 1)
                {
                    return false;
                }

                previous = current;
            }

            return true;
        });
}
