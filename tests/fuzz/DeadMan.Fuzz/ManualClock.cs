namespace DeadMan.Fuzz;

/// <summary>A clock that moves only when told, so a target's timeouts are the same on every run.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(_ticks);

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
