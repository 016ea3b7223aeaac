using DeadMan.Core.Snmp.Traffic;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>Crafted counter sequences: wraps, resets, restarts, and the normal case, exactly.</summary>
public class RateCalculatorTests
{
    private const long Gigabit = 1_000_000_000;
    private static readonly TimeSpan s_tenSeconds = TimeSpan.FromSeconds(10);

    private static CounterSample Sample(uint upTime, ulong inOctets, ulong outOctets, bool wide = true, uint discontinuity = 0, string name = "ge-0/0/1") =>
        new(upTime, inOctets, outOctets, wide, discontinuity, name);

    [Fact]
    public void Should_take_the_interval_from_sysuptime_When_computing_a_rate()
    {
        // 125,000,000 bytes in 10.00 s by the agent's clock is 100 Mb/s, whatever our own clock says
        RateResult rate = RateCalculator.Between(Sample(1000, 0, 0), Sample(2000, 125_000_000, 12_500_000), TimeSpan.FromSeconds(10.7), Gigabit);

        Assert.True(rate.HasRate);
        Assert.Equal(100_000_000, rate.InBitsPerSecond, 3);
        Assert.Equal(10_000_000, rate.OutBitsPerSecond, 3);
    }

    [Fact]
    public void Should_count_a_32_bit_wrap_When_the_rate_it_gives_fits_the_line()
    {
        // 4,294,967,000 → 1,000: 1,296 bytes later, not a reset
        RateResult rate = RateCalculator.Between(Sample(0, 4_294_967_000, 0, wide: false), Sample(1000, 1_000, 0, wide: false), s_tenSeconds, Gigabit);

        Assert.True(rate.HasRate);
        Assert.Equal(1296 * 8 / 10.0, rate.InBitsPerSecond, 3);
    }

    [Fact]
    public void Should_drop_the_sample_When_a_32_bit_decrease_would_mean_more_than_the_line_rate()
    {
        // 3,000,000,000 → 1,000 on a 10 Mb/s line: wrapping would be 1 Gb/s, so the counter was reset
        RateResult rate = RateCalculator.Between(Sample(0, 3_000_000_000, 0, wide: false), Sample(1000, 1_000, 0, wide: false), s_tenSeconds, 10_000_000);

        Assert.False(rate.HasRate);
        Assert.Equal("counter reset", rate.Dropped);
    }

    [Fact]
    public void Should_drop_the_sample_When_a_64_bit_counter_goes_down()
    {
        RateResult rate = RateCalculator.Between(Sample(0, 5_000_000_000, 10), Sample(1000, 1_000, 20), s_tenSeconds, Gigabit);

        Assert.Equal("counter reset", rate.Dropped);
    }

    [Fact]
    public void Should_drop_the_sample_When_sysuptime_goes_back()
    {
        // The agent restarted: sysUpTime starts again while the kernel's counters go on
        RateResult rate = RateCalculator.Between(Sample(900_000, 100, 100), Sample(250, 200, 200), s_tenSeconds, Gigabit);

        Assert.Equal("agent restarted (sysUpTime went back)", rate.Dropped);
    }

    [Fact]
    public void Should_accept_the_497_day_wrap_of_sysuptime_When_it_matches_our_clock()
    {
        RateResult rate = RateCalculator.Between(Sample(uint.MaxValue - 499, 0, 0), Sample(500, 1_250_000, 0), s_tenSeconds, Gigabit);

        Assert.True(rate.HasRate);
        Assert.Equal(1_000_000, rate.InBitsPerSecond, 3);
    }

    [Theory]
    [InlineData(1u, "ge-0/0/1", "counters restarted (ifCounterDiscontinuityTime changed)")]
    [InlineData(0u, "ge-0/0/9", "interface changed (ge-0/0/1 is now ge-0/0/9)")]
    public void Should_drop_the_sample_When_the_interface_or_its_counters_are_not_the_same(uint discontinuity, string name, string why)
    {
        RateResult rate = RateCalculator.Between(Sample(0, 0, 0), Sample(1000, 10, 10, discontinuity: discontinuity, name: name), s_tenSeconds, Gigabit);

        Assert.Equal(why, rate.Dropped);
    }

    [Fact]
    public void Should_drop_the_sample_When_the_agent_clock_barely_moved()
    {
        RateResult rate = RateCalculator.Between(Sample(1000, 0, 0), Sample(1100, 10, 10), s_tenSeconds, Gigabit);

        Assert.False(rate.HasRate);
    }
}
