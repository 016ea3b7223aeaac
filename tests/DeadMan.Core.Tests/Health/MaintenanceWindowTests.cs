using DeadMan.Core.Health;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Tests.Health;

/// <summary>Issue 35: [[maintenance]] windows read from deadman.toml, and when they are open.</summary>
public class MaintenanceWindowTests
{
    private static readonly TimeSpan s_tokyo = TimeSpan.FromHours(9);

    [Fact]
    public void Should_read_each_window_with_its_hosts_times_and_note_When_deadman_toml_has_maintenance()
    {
        // Given
        SettingsResult result = SettingsReader.Read("""
            [[maintenance]]
            group = "4F*"
            start = "2026-12-08 09:00 +09:00"
            end = "2026-12-08T10:30:00+09:00"
            note = "4F switch replaced"

            [[maintenance]]
            name = "ap-*"
            every = "Sunday 2:00 +09:00"
            duration = "2h"
            """, "deadman.toml");

        // Then
        Assert.Empty(result.Diagnostics);
        IReadOnlyList<MaintenanceWindow> windows = result.Settings!.Health.Maintenance;
        Assert.Equal(2, windows.Count);
        Assert.Equal((new DateTimeOffset(2026, 12, 8, 9, 0, 0, s_tokyo), new DateTimeOffset(2026, 12, 8, 10, 30, 0, s_tokyo), "4F switch replaced"),
                     (windows[0].Start, windows[0].End, windows[0].Note));
        Assert.True(windows[0].Applies("sw-4f", "4F 会議室"));
        Assert.False(windows[0].Applies("sw-3f", "3F"));
        Assert.Equal("2026-12-08 09:00 +09:00 to 10:30", windows[0].Describe());
        Assert.Equal("every Sun 02:00 +09:00 for 2h00m", windows[1].Describe());
        Assert.Equal([windows[1]], result.Settings.Health.MaintenanceFor("ap-1f-a", "1F"));
    }

    [Theory]
    [InlineData("2026-12-08T08:59:59+09:00", false)]
    [InlineData("2026-12-08T09:00:00+09:00", true)]
    [InlineData("2026-12-08T01:29:59Z", true)]
    [InlineData("2026-12-08T10:30:00+09:00", false)]
    public void Should_be_open_from_its_start_until_its_end_When_it_is_once(string at, bool open)
    {
        var window = new MaintenanceWindow(new HealthMatch("4F", null, HealthRules.None),
            new DateTimeOffset(2026, 12, 8, 9, 0, 0, s_tokyo), new DateTimeOffset(2026, 12, 8, 10, 30, 0, s_tokyo), null, null, null);

        Assert.Equal(open, window.OpenAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-12-06T01:59:00+09:00", false)] // Sunday, a minute early
    [InlineData("2026-12-06T02:00:00+09:00", true)]
    [InlineData("2026-12-06T03:59:00+09:00", true)]
    [InlineData("2026-12-06T04:00:00+09:00", false)]
    [InlineData("2026-12-05T17:30:00Z", true)] // Sunday 02:30 in Tokyo is Saturday in UTC
    [InlineData("2026-12-13T02:10:00+09:00", true)] // a week later
    [InlineData("2026-12-07T02:10:00+09:00", false)] // a Monday
    public void Should_open_every_week_at_its_time_for_its_duration_When_it_is_weekly(string at, bool open)
    {
        var window = new MaintenanceWindow(new HealthMatch(null, "ap-*", HealthRules.None), null, null, WeeklyTime.Parse("sun 02:00 +09:00"), TimeSpan.FromHours(2), null);

        Assert.Equal(open, window.OpenAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("sun 02:00", true)]
    [InlineData("Saturday 23:30 -05:00", true)]
    [InlineData("sunday", false)]
    [InlineData("su 02:00", false)]
    [InlineData("sun 24:00", false)]
    [InlineData("sun 02:00 JST", false)]
    [InlineData("sunny 02:00", false)]
    public void Should_read_a_day_and_a_time_When_a_weekly_window_is_written(string text, bool valid) =>
        Assert.Equal(valid, WeeklyTime.Parse(text) is not null);
}
