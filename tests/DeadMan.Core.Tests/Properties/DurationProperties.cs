using System.Globalization;
using DeadMan.Core.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeadMan.Core.Tests.Properties;

/// <summary>Issue 11: a duration written in any of the forms operators use reads back as itself.</summary>
public class DurationProperties
{
    [Property(MaxTest = 500)]
    public Property Should_read_back_the_same_duration_When_written_in_ms_s_m_or_bare_seconds() =>
        Prop.ForAll(Gen.Zip(Gen.Choose(0, 86_400_000), Gen.Elements("ms", "s", "m", "", "MS", " s")).ToArbitrary(), written =>
        {
            var (milliseconds, unit) = written;
            double value = unit.Trim().ToLowerInvariant() switch
            {
                "ms" => milliseconds,
                "m" => milliseconds / 60_000.0,
                _ => milliseconds / 1000.0,
            };
            string text = value.ToString("0.#########", CultureInfo.InvariantCulture) + unit;
            return DurationParser.TryParse(text, out TimeSpan duration)
                && Math.Abs((duration - TimeSpan.FromMilliseconds(milliseconds)).TotalMilliseconds) < 0.001;
        });
}
